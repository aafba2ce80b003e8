package dev.arbor.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.arbor.trainer.io.SaveOptions;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.tree.TrajectoryTree;
import dev.arbor.tree.arrow.TreeRecord;
import dev.arbor.tree.pack.PackedTree;
import dev.arbor.tree.synth.SyntheticWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Save at step 3, resume, take 3 more steps: the weights equal the uninterrupted run's bit for bit.
 */
class TrainerCheckpointTest {
  private static final Qwen2Config CONFIG = Qwen2Config.named("tiny");

  private static List<TreeRecord> batch(int step) {
    SyntheticWorkload w = new SyntheticWorkload(1, 3, 2, 6, 4, 2, 3, 1, CONFIG.vocabSize(), step);
    return List.of(
        new TreeRecord(
            "t" + step,
            PackedTree.of(TrajectoryTree.of(w.group(0))),
            new double[] {1, -0.5, -0.5}));
  }

  private static TrainerConfig config() {
    TrainerConfig d = TrainerConfig.grpoDefaults();
    return new TrainerConfig(
        d.loss(),
        d.normalization(),
        new LrSchedule(1e-3, 2, 6, 0.1),
        d.maxGradNorm(),
        d.attention(),
        true,
        d.scaler());
  }

  /**
   * {@code resetAt}: the step after which the optimizer's moments are reset (0: never); 2 saves a
   * checkpoint whose moments are younger than its step count, 3 one saved right after the reset,
   * with no moments at all.
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 2, 3})
  void resumingReproducesTheNextStepsBitForBit(int resetAt, @TempDir Path dir) throws Exception {
    Map<String, float[]> straight;
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 7, root);
        AdamW adam = AdamW.defaults(root);
        TreeTrainer trainer = new TreeTrainer(model, null, adam, config(), root)) {
      for (int s = 1; s <= 6; s++) {
        trainer.step(batch(s));
        if (s == resetAt) {
          adam.resetMoments();
        }
        if (s == 3) {
          TrainerCheckpoint.save(dir.resolve("step-3"), model, adam, 3, SaveOptions.defaults());
        }
      }
      straight = weights(model);
    }
    assertThat(TrainerCheckpoint.isComplete(dir.resolve("step-3"))).isTrue();
    try (NDManager root = NDManager.newBaseManager()) {
      TrainerCheckpoint.Restored r =
          TrainerCheckpoint.load(dir.resolve("step-3"), root, AdamW::defaults);
      assertThat(r.step()).isEqualTo(3);
      assertThat(r.optimizer().momentOrigin()).isEqualTo(resetAt);
      try (Qwen2Model model = r.policy();
          AdamW adam = r.optimizer();
          TreeTrainer trainer = new TreeTrainer(model, null, adam, config(), root)) {
        for (int s = 4; s <= 6; s++) {
          trainer.step(batch(s));
        }
        Map<String, float[]> resumed = weights(model);
        for (String name : straight.keySet()) {
          assertThat(resumed.get(name)).as(name).isEqualTo(straight.get(name));
        }
      }
    }
  }

  @Test
  void theListenerSavesEveryNStepsKeepsTheNewestAndFindsTheLatest(@TempDir Path dir)
      throws Exception {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 8, root);
        AdamW adam = AdamW.defaults(root);
        TreeTrainer trainer = new TreeTrainer(model, null, adam, config(), root)) {
      trainer.addListener(new CheckpointListener(dir, 2, 2, model, adam, SaveOptions.defaults()));
      for (int s = 1; s <= 6; s++) {
        trainer.step(batch(s));
      }
    }
    assertThat(Files.exists(dir.resolve("step-2"))).isFalse();
    assertThat(TrainerCheckpoint.isComplete(dir.resolve("step-4"))).isTrue();
    assertThat(CheckpointListener.latest(dir)).contains(dir.resolve("step-6"));
  }

  @Test
  void anIncompleteCheckpointIsRefusedByName(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("step-9"));
    try (NDManager root = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> TrainerCheckpoint.load(dir.resolve("step-9"), root, AdamW::defaults))
          .hasMessageContaining("step-9")
          .hasMessageContaining("not a complete checkpoint");
    }
  }

  private static Map<String, float[]> weights(Qwen2Model model) {
    Map<String, float[]> out = new LinkedHashMap<>();
    model.parameters().forEach((k, v) -> out.put(k, v.toFloatArray()));
    return out;
  }
}
