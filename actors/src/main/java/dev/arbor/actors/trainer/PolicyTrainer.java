package dev.arbor.actors.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.arbor.trainer.agent.SftBatch;
import dev.arbor.trainer.agent.TeacherForcedScore;
import dev.arbor.trainer.io.SafetensorsWriter;
import dev.arbor.trainer.io.SaveOptions;
import dev.arbor.trainer.loss.PolicyLoss;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.trainer.train.AdamW;
import dev.arbor.trainer.train.CheckpointListener;
import dev.arbor.trainer.train.LrSchedule;
import dev.arbor.trainer.train.MetricsFileListener;
import dev.arbor.trainer.train.StepMetrics;
import dev.arbor.trainer.train.TrainerCheckpoint;
import dev.arbor.trainer.train.TrainerConfig;
import dev.arbor.trainer.train.TrainingListener;
import dev.arbor.trainer.train.TreeTrainer;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.arrow.TreeArrow;
import dev.arbor.tree.arrow.TreeFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trainer role without Ray: decodes Arrow tree batches, runs one {@link TreeTrainer} step per
 * batch, and publishes its weights as safetensors bytes tagged with the policy version (= optimizer
 * steps done). Metrics go to {@code runDir/trainer-metrics.jsonl} (the driver writes {@code
 * metrics.jsonl}), checkpoints to {@code runDir/checkpoints/step-<n>} through the trainer's
 * listeners; with {@code resume} it continues from the newest one.
 */
public final class PolicyTrainer implements AutoCloseable {
  private static final int KEEP_CHECKPOINTS = 3;

  private final NDManager manager;
  private final Qwen2Model policy;
  private final AdamW optimizer;
  private final TrainerConfig rlConfig;
  private final TrainerSpec spec;
  private final TreeTrainer sftTrainer;
  private TreeTrainer trainer; // made at the first RL step (its KL reference is the policy then)
  private Qwen2Model reference;
  private final List<TrainingListener> listeners = new ArrayList<>();
  private final MetricsFileListener metricsFile;

  public PolicyTrainer(TrainerSpec spec) throws IOException {
    this.spec = spec;
    manager = NDManager.newBaseManager();
    try {
      Path run = spec.runDir() == null ? null : Path.of(spec.runDir());
      Path checkpoints = run == null ? null : run.resolve("checkpoints");
      Optional<Path> latest =
          spec.resume() ? CheckpointListener.latest(checkpoints) : Optional.empty();
      if (latest.isPresent()) {
        TrainerCheckpoint.Restored r =
            TrainerCheckpoint.load(latest.get(), manager, AdamW::defaults);
        policy = r.policy();
        optimizer = r.optimizer();
      } else {
        policy = spec.model().load(manager);
        optimizer = AdamW.defaults(manager);
      }
      TrainerConfig defaults = TrainerConfig.grpoDefaults();
      PolicyLoss loss = PolicyLoss.ppoClip(0.2, 0.28);
      rlConfig =
          new TrainerConfig(
              spec.klCoef() > 0 ? loss.optKl(spec.klCoef()) : loss,
              TrainerSpec.normalizationMode(spec.lossNormalization()),
              LrSchedule.constant(spec.lr()),
              spec.maxGradNorm(),
              defaults.attention(),
              defaults.recomputeOldLogprobs(),
              defaults.scaler());
      sftTrainer =
          new TreeTrainer(policy, null, optimizer, TrainerConfig.sft(spec.sftSchedule()), manager);
      if (run != null) {
        Files.createDirectories(run);
        metricsFile = new MetricsFileListener(run.resolve("trainer-metrics.jsonl"));
        listeners.add(metricsFile);
      } else {
        metricsFile = null;
      }
      if (checkpoints != null && spec.checkpointEvery() > 0) {
        SaveOptions options = SaveOptions.defaults().withSeed(spec.model().seed());
        listeners.add(
            new CheckpointListener(
                checkpoints, spec.checkpointEvery(), KEEP_CHECKPOINTS, policy, optimizer, options));
      }
      for (TrainingListener l : listeners) {
        sftTrainer.addListener(l);
      }
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** One optimizer step over the trees of an Arrow batch ({@code TreeArrow} stream bytes). */
  public StepMetrics train(byte[] arrowBatch) throws TreeFormatException {
    // Torch's grad mode is per thread and starts enabled on threads DJL did not set up (Ray runs
    // actor methods on its own threads); the optimizer's in-place update needs it off.
    JniUtils.setGradMode(false);
    return rlTrainer().step(TreeArrow.fromBytes(arrowBatch, "training batch"));
  }

  /**
   * The RL trainer, made at the first RL step. With a KL term its reference is a frozen copy of the
   * policy at that moment: after the supervised warm-up (or, for a resumed run, as resumed). The
   * optimizer's moments start afresh if the spec asks and no RL step has been taken yet (a run
   * resumed in the middle of RL keeps the moments its checkpoint restored).
   */
  private TreeTrainer rlTrainer() {
    if (trainer == null) {
      if (spec.rlFreshOptimizer() && optimizer.step() <= spec.sftSteps()) {
        optimizer.resetMoments();
      }
      if (rlConfig.loss().usesReference()) {
        Map<String, NDArray> copies = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : policy.parameters().entrySet()) {
          copies.put(e.getKey(), e.getValue().stopGradient().duplicate());
        }
        reference = Qwen2Model.of(policy.config(), copies, manager);
      }
      trainer = new TreeTrainer(policy, reference, optimizer, rlConfig, manager);
      for (TrainingListener l : listeners) {
        trainer.addListener(l);
      }
    }
    return trainer;
  }

  /**
   * One supervised step (token-mean NLL of the MODEL and TOOL_CALL tokens) over teacher episodes,
   * merged into one packed tree: they share the suite's system prompt. Counts as a policy version
   * like an RL step.
   */
  public StepMetrics sft(List<Trajectory> episodes) {
    JniUtils.setGradMode(false);
    return sftTrainer.step(List.of(SftBatch.record("sft-" + optimizer.step(), episodes)));
  }

  /**
   * How well the current policy reproduces teacher episodes fed to it token by token, without
   * updating it ({@link TeacherForcedScore}; {@code digitIds} are the tokens counted as digits).
   */
  public TeacherForcedScore teacherForced(List<Trajectory> episodes, int[] digitIds) {
    JniUtils.setGradMode(false);
    return TeacherForcedScore.of(policy, episodes, digitIds, manager);
  }

  /** The policy version of the current weights: optimizer steps done. */
  public int version() {
    return Math.toIntExact(optimizer.step());
  }

  /** The current weights as a safetensors file's bytes (float32). */
  public byte[] weights() {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("arbor-weights-", ".safetensors");
      SafetensorsWriter.float32().write(tmp, policy.parameters());
      return Files.readAllBytes(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise the policy weights", e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temp file; the OS cleans its temp dir
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (metricsFile != null) {
        metricsFile.close();
      }
    } finally {
      sftTrainer.close();
      if (trainer != null) {
        trainer.close();
      }
      if (reference != null) {
        reference.close();
      }
      optimizer.close();
      policy.close();
      manager.close();
    }
  }
}
