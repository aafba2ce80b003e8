package dev.arbor.actors.trainer;

import dev.arbor.actors.ActorReady;
import dev.arbor.actors.ActorRole;
import dev.arbor.actors.Wire;
import dev.arbor.actors.metrics.Metrics;
import dev.arbor.actors.treemanager.TrajectoryCodec;
import dev.arbor.trainer.train.StepMetrics;
import dev.arbor.tree.arrow.TreeFormatException;
import io.ray.api.Ray;
import java.io.IOException;
import java.util.Map;

/**
 * Ray side of the {@link PolicyTrainer}: a batch arrives as Arrow bytes (the driver passes the tree
 * manager's object reference, Ray resolves it here), one optimizer step runs, and the step's
 * metrics return as JSON. Weights are published into the object store on request. Reports the
 * fraction of wall time spent training (SeamlessFlow's trainer idle time, DESIGN.md §9).
 */
public final class TrainerActor implements ActorReady {
  private final PolicyTrainer core;
  private final Metrics.Recorder loss;
  private final Metrics.Recorder busyFraction;
  private final Metrics.Recorder stepMillis;
  private long firstStepStart;
  private long busyNanos;

  /**
   * @param specJson a {@link TrainerSpec} as JSON
   * @param job the job's name, a metric tag
   */
  public TrainerActor(String specJson, String job) throws IOException {
    core = new PolicyTrainer(Wire.read(specJson, TrainerSpec.class));
    Metrics m = Metrics.create(Map.of("job", job, "role", ActorRole.TRAINER.key()));
    loss = m.gauge("arbor_train_loss", "policy loss of the last step");
    busyFraction = m.gauge("arbor_trainer_busy_fraction", "fraction of wall time in steps");
    stepMillis =
        m.histogram("arbor_train_step_ms", "wall time of a training step", 100, 1000, 10000);
  }

  /** One optimizer step over an Arrow batch; returns the step's {@link StepMetrics} as JSON. */
  public String train(byte[] arrowBatch) throws TreeFormatException {
    long start = System.nanoTime();
    if (firstStepStart == 0) {
      firstStepStart = start;
    }
    StepMetrics metrics = core.train(arrowBatch);
    long end = System.nanoTime();
    busyNanos += end - start;
    loss.record(metrics.loss());
    stepMillis.record((end - start) / 1e6);
    busyFraction.record(busyNanos / (double) Math.max(1, end - firstStepStart));
    return Wire.write(metrics);
  }

  /**
   * One supervised step over teacher episodes ({@link dev.arbor.actors.treemanager.TrajectoryCodec}
   * bytes); returns the step's metrics as JSON.
   */
  public String sft(byte[] encodedEpisodes) throws TreeFormatException {
    StepMetrics metrics = core.sft(TrajectoryCodec.decode(encodedEpisodes));
    loss.record(metrics.loss());
    return Wire.write(metrics);
  }

  /**
   * The current policy's {@link dev.arbor.trainer.agent.TeacherForcedScore} on teacher episodes
   * ({@link TrajectoryCodec} bytes), as JSON; no update.
   */
  public String teacherForced(byte[] encodedEpisodes, int[] digitIds) throws TreeFormatException {
    return Wire.write(core.teacherForced(TrajectoryCodec.decode(encodedEpisodes), digitIds));
  }

  /** The policy version of the current weights. */
  public int version() {
    return core.version();
  }

  /** Puts the current weights into the object store. */
  public PublishedWeights publishWeights() {
    return new PublishedWeights(core.version(), Ray.put(core.weights()));
  }

  /** Id of the Ray node this actor runs on (placement checks). */
  public String nodeId() {
    return Ray.getRuntimeContext().getCurrentNodeId().toString();
  }

  /** Releases the model and closes the metrics file; call before killing the actor. */
  public boolean close() throws IOException {
    core.close();
    return true;
  }
}
