package dev.arbor.actors.treemanager;

import dev.arbor.tree.Trajectory;
import dev.arbor.tree.arrow.TreeArrow;
import dev.arbor.tree.arrow.TreeFormatException;
import dev.arbor.tree.arrow.TreeRecord;
import dev.arbor.tree.batch.TreeBatcher;
import java.util.List;
import java.util.Optional;

/**
 * The tree manager role (SeamlessFlow's middle layer) without Ray: receives encoded trajectories,
 * merges them per rollout group into trees with advantages and pruning ({@link TreeBatcher}), and
 * emits training batches by packed-token budget as Arrow IPC bytes. Tracks the trainer's policy
 * version and drops (and counts) trajectories more than {@code k} versions old. Not thread-safe:
 * its actor serialises calls.
 */
public final class TreeManager {

  /** One training batch: its trees, packed tokens and Arrow IPC stream. */
  public record Batch(int trees, long packedTokens, byte[] arrow) {}

  private final TreeBatcher batcher;
  private long batches;

  public TreeManager(TreeBatcher.Config config) {
    this.batcher = new TreeBatcher(config);
  }

  /**
   * Adds the trajectories of {@link TrajectoryCodec#encode}; returns how many were accepted (the
   * rest were too stale).
   */
  public int add(byte[] encodedTrajectories) throws TreeFormatException {
    int accepted = 0;
    for (Trajectory t : TrajectoryCodec.decode(encodedTrajectories)) {
      accepted += batcher.add(t) ? 1 : 0;
    }
    return accepted;
  }

  /** The trainer's current policy version. */
  public void policyVersion(int version) {
    batcher.policyVersion(version);
  }

  /** Completes the groups still waiting for members (end of a run). */
  public void flush() {
    batcher.flush();
  }

  /** The next batch, if a tree is ready. */
  public Optional<Batch> nextBatch() {
    List<TreeRecord> trees = batcher.nextBatch();
    if (trees.isEmpty()) {
      return Optional.empty();
    }
    long tokens = trees.stream().mapToLong(t -> t.tree().tokenCount()).sum();
    batches++;
    return Optional.of(new Batch(trees.size(), tokens, TreeArrow.toStreamBytes(trees)));
  }

  /** Counters for the driver and metrics. */
  public Stats stats() {
    TreeBatcher.Stats s = batcher.stats();
    return new Stats(
        s.accepted(),
        s.droppedStale(),
        s.droppedUniform(),
        s.groupsEmitted(),
        s.pendingGroups(),
        s.readyTrees(),
        batches,
        s.stalenessHistogram());
  }

  /**
   * @param accepted trajectories accepted
   * @param droppedStale trajectories dropped as more than k versions old
   * @param droppedUniform groups dropped because every member got the same reward
   * @param groupsEmitted trees built
   * @param pendingGroups groups waiting for members
   * @param readyTrees trees waiting for a batch
   * @param batchesEmitted batches handed out
   * @param stalenessHistogram policy-version lag -> trajectories
   */
  public record Stats(
      long accepted,
      long droppedStale,
      long droppedUniform,
      long groupsEmitted,
      int pendingGroups,
      int readyTrees,
      long batchesEmitted,
      java.util.Map<Integer, Integer> stalenessHistogram) {}
}
