package dev.arbor.actors.treemanager;

import dev.arbor.actors.ActorReady;
import dev.arbor.actors.ActorRole;
import dev.arbor.actors.Wire;
import dev.arbor.actors.metrics.Metrics;
import dev.arbor.tree.arrow.TreeFormatException;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import java.util.Map;

/**
 * Ray side of the {@link TreeManager}: trajectories arrive as encoded bytes (or object refs to
 * them, resolved by Ray), training batches leave through the object store: {@link #nextBatch()}
 * puts the Arrow bytes there and hands out the reference, which the driver passes on to the trainer
 * without fetching it.
 */
public final class TreeManagerActor implements ActorReady {
  private final TreeManager core;
  private final Metrics.Recorder accepted;
  private final Metrics.Recorder dropped;
  private final Metrics.Recorder batchTokens;

  /**
   * @param specJson a {@link TreeManagerSpec} as JSON
   * @param job the job's name, a metric tag
   */
  public TreeManagerActor(String specJson, String job) {
    this.core = new TreeManager(Wire.read(specJson, TreeManagerSpec.class).toConfig());
    Metrics m = Metrics.create(Map.of("job", job, "role", ActorRole.TREE_MANAGER.key()));
    accepted = m.counter("arbor_trajectories_accepted", "trajectories accepted for training");
    dropped = m.counter("arbor_trajectories_stale", "trajectories dropped as too stale");
    batchTokens = m.gauge("arbor_batch_tokens", "packed tokens of the last training batch");
  }

  /** Adds encoded trajectories ({@link TrajectoryCodec}); returns how many were accepted. */
  public int add(byte[] encodedTrajectories) throws TreeFormatException {
    long before = core.stats().droppedStale();
    int n = core.add(encodedTrajectories);
    accepted.record(n);
    dropped.record(core.stats().droppedStale() - before);
    return n;
  }

  /** Sets the trainer's policy version; returns it. */
  public int policyVersion(int version) {
    core.policyVersion(version);
    return version;
  }

  /** Completes partial groups; returns the number of trees ready. */
  public int flush() {
    core.flush();
    return core.stats().readyTrees();
  }

  /** The next training batch in the object store, or {@code null} when no tree is ready. */
  public ObjectRef<byte[]> nextBatch() {
    return core.nextBatch()
        .map(
            b -> {
              batchTokens.record(b.packedTokens());
              return Ray.put(b.arrow());
            })
        .orElse(null);
  }

  /** {@link TreeManager.Stats} as JSON. */
  public String stats() {
    return Wire.write(core.stats());
  }
}
