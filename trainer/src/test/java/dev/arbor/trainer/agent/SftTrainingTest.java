package dev.arbor.trainer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.trainer.train.AdamW;
import dev.arbor.trainer.train.LrSchedule;
import dev.arbor.trainer.train.StepMetrics;
import dev.arbor.trainer.train.TrainerConfig;
import dev.arbor.trainer.train.TreeTrainer;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.arrow.TreeRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Supervised training on packed teacher episodes runs through the tree trainer and learns. */
class SftTrainingTest {

  @Test
  void sftOnPackedTeacherEpisodesLowersTheLossAndSharesThePrompt() {
    List<Trajectory> episodes = new ArrayList<>();
    for (int k = 0; k < 6; k++) {
      TextEpisode e = EpisodeFormatTest.teacher("t" + k);
      episodes.add(
          EpisodeFormatTest.FORMAT.tokenize(EpisodeFormatTest.SYSTEM, "Ana has " + k + ".", e));
    }
    TreeRecord record = SftBatch.record("b0", episodes);
    assertThat(SftBatch.packingRatio(record)).isGreaterThan(1.05);
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(Qwen2Config.named("tiny"), 5, root);
        AdamW adam = AdamW.defaults(root);
        TreeTrainer trainer =
            new TreeTrainer(
                model, null, adam, TrainerConfig.sft(LrSchedule.constant(3e-3)), root)) {
      StepMetrics first = trainer.step(List.of(record));
      StepMetrics last = first;
      for (int i = 0; i < 14; i++) {
        last = trainer.step(List.of(record));
      }
      assertThat(first.loss()).isBetween(4.0, 7.0); // about ln(264) at random weights
      assertThat(last.loss()).isLessThan(first.loss() * 0.7);
      assertThat(first.flatTokens()).isGreaterThan(first.packedTokens());
      assertThat(first.trainedTokens()).isGreaterThan(0);
    }
  }
}
