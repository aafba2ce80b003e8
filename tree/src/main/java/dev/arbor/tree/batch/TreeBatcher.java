package dev.arbor.tree.batch;

import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryStatus;
import dev.arbor.tree.TrajectoryTree;
import dev.arbor.tree.advantage.AdvantageEstimator;
import dev.arbor.tree.advantage.AdvantageInput;
import dev.arbor.tree.advantage.AdvantageScaler;
import dev.arbor.tree.advantage.Advantages;
import dev.arbor.tree.arrow.TreeRecord;
import dev.arbor.tree.pack.PackedTree;
import dev.arbor.tree.prune.PruneMethod;
import dev.arbor.tree.prune.PrunedTree;
import dev.arbor.tree.prune.Pruner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The tree manager's logic (SeamlessFlow's middle layer), without Ray: collects finished
 * trajectories per rollout group, turns each complete group into a prefix tree with advantages
 * (computed on the whole group, before pruning) and optional entropy pruning, and hands out
 * training batches by packed-token budget. Trajectories generated more than {@code maxStaleness}
 * policy versions ago are dropped and counted (AReaL-style bounded staleness; 0 = on-policy). Not
 * thread-safe: the actor that owns it serialises calls.
 */
public final class TreeBatcher {

  /**
   * @param groupSize trajectories that make a group complete (G)
   * @param tokenBudget packed tokens per training batch (a larger single tree still goes alone)
   * @param maxStaleness policy versions a trajectory may lag behind the trainer
   * @param estimator group advantage estimator
   * @param scaler advantage scaler
   * @param keepFraction fraction of each tree's packed non-prompt tokens to keep (1 = no pruning)
   * @param flat the ablation baseline: every trajectory becomes a tree of its own (no prefix
   *     sharing). Loss and gradient are the same as with prefix trees (the packing invariant); only
   *     the work grows, by the group's token ratio. Not combinable with pruning, which works on the
   *     shared tree.
   * @param dropUniform drop groups whose advantages are all 0 (every member got the same reward):
   *     they carry no gradient, but an optimizer step on them still moves the weights (AdamW's
   *     momentum and decay). DAPO's dynamic sampling; the driver rolls out more groups instead.
   * @param pruneMethod how a tree is pruned when {@code keepFraction < 1}
   */
  public record Config(
      int groupSize,
      int tokenBudget,
      int maxStaleness,
      AdvantageEstimator estimator,
      AdvantageScaler scaler,
      double keepFraction,
      boolean flat,
      boolean dropUniform,
      PruneMethod pruneMethod) {

    public Config {
      Objects.requireNonNull(pruneMethod, "pruneMethod");
      if (groupSize < 1 || tokenBudget < 1 || maxStaleness < 0) {
        throw new IllegalArgumentException(
            "need groupSize >= 1, tokenBudget >= 1, maxStaleness >= 0; got "
                + groupSize
                + ", "
                + tokenBudget
                + ", "
                + maxStaleness);
      }
      if (!(keepFraction > 0 && keepFraction <= 1)) {
        throw new IllegalArgumentException("keepFraction must be in (0, 1], got " + keepFraction);
      }
      if (flat && keepFraction < 1) {
        throw new IllegalArgumentException(
            "flat trees (no prefix sharing) cannot be pruned: keepFraction must be 1, got "
                + keepFraction);
      }
    }

    /** Prefix trees (not flat), uniform groups kept. */
    public Config(
        int groupSize,
        int tokenBudget,
        int maxStaleness,
        AdvantageEstimator estimator,
        AdvantageScaler scaler,
        double keepFraction) {
      this(
          groupSize,
          tokenBudget,
          maxStaleness,
          estimator,
          scaler,
          keepFraction,
          false,
          false,
          PruneMethod.ENTROPY);
    }
  }

  private final Config config;
  private final Map<String, List<Trajectory>> pending = new LinkedHashMap<>();
  private final Deque<TreeRecord> ready = new ArrayDeque<>();
  private final Map<Integer, Integer> staleness = new TreeMap<>();
  private int policyVersion;
  private long accepted;
  private long droppedStale;
  private long droppedUniform;
  private long groups;

  public TreeBatcher(Config config) {
    this.config = config;
  }

  /** The trainer's current policy version; staleness is measured against it. */
  public void policyVersion(int version) {
    if (version < policyVersion) {
      throw new IllegalArgumentException(
          "policy version went back from " + policyVersion + " to " + version);
    }
    policyVersion = version;
  }

  /** Adds a finished trajectory. Returns false, and counts it, when it is too stale to train on. */
  public boolean add(Trajectory t) {
    int lag = policyVersion - oldestVersion(t);
    staleness.merge(Math.max(0, lag), 1, Integer::sum);
    if (lag > config.maxStaleness()) {
      droppedStale++;
      return false;
    }
    accepted++;
    List<Trajectory> group = pending.computeIfAbsent(t.groupId(), g -> new ArrayList<>());
    group.add(t);
    if (group.size() >= config.groupSize()) {
      complete(pending.remove(t.groupId()));
    }
    return true;
  }

  /** Completes every pending group as it is (end of a run, or a timeout on partial groups). */
  public void flush() {
    for (List<Trajectory> group : new ArrayList<>(pending.values())) {
      complete(group);
    }
    pending.clear();
  }

  /**
   * The next training batch: ready trees in arrival order while their packed tokens fit the budget
   * (always at least one tree). Empty when no tree is ready.
   */
  public List<TreeRecord> nextBatch() {
    List<TreeRecord> batch = new ArrayList<>();
    long tokens = 0;
    while (!ready.isEmpty()) {
      TreeRecord next = ready.peek();
      int size = next.tree().tokenCount();
      if (!batch.isEmpty() && tokens + size > config.tokenBudget()) {
        break;
      }
      batch.add(ready.poll());
      tokens += size;
    }
    return batch;
  }

  private void complete(List<Trajectory> group) {
    if (group.stream().allMatch(t -> t.status() == TrajectoryStatus.INFRA_FAILED)) {
      return; // lost to the infrastructure: nothing to train on (DESIGN.md §3)
    }
    Advantages adv =
        Advantages.compute(
            AdvantageInput.ofTrajectories(group), config.estimator(), config.scaler());
    if (config.dropUniform() && Arrays.stream(adv.advantages()).allMatch(a -> a == 0)) {
      droppedUniform++;
      return;
    }
    Map<String, Double> byId = new HashMap<>();
    for (int i = 0; i < group.size(); i++) {
      byId.put(group.get(i).id(), adv.advantages()[i]);
    }
    if (config.flat()) {
      for (Trajectory t : group) {
        PackedTree alone = PackedTree.of(TrajectoryTree.of(List.of(t)));
        ready.add(new TreeRecord(t.id(), alone, new double[] {byId.get(t.id())}));
      }
      groups++;
      return;
    }
    PackedTree tree = PackedTree.of(TrajectoryTree.of(group));
    if (config.keepFraction() < 1) {
      int budget = (int) Math.ceil(Pruner.budgetBase(tree) * config.keepFraction());
      PrunedTree pruned = config.pruneMethod().pruner(budget, inLeafOrder(tree, byId)).prune(tree);
      tree = pruned.tree();
    }
    if (tree.trajectoryCount() == 0) {
      return;
    }
    ready.add(new TreeRecord(group.get(0).groupId(), tree, inLeafOrder(tree, byId)));
    groups++;
  }

  private static double[] inLeafOrder(PackedTree tree, Map<String, Double> byId) {
    double[] advantages = new double[tree.trajectoryCount()];
    for (int k = 0; k < advantages.length; k++) {
      advantages[k] = byId.get(tree.leaf(k).id());
    }
    return advantages;
  }

  private int oldestVersion(Trajectory t) {
    int oldest = Integer.MAX_VALUE;
    for (Segment s : t.segments()) {
      if (s.role().generated()) {
        for (int i = 0; i < s.length(); i++) {
          oldest = Math.min(oldest, s.version(i));
        }
      }
    }
    return oldest == Integer.MAX_VALUE ? policyVersion : oldest;
  }

  /** Counters for metrics. */
  public record Stats(
      long accepted,
      long droppedStale,
      long droppedUniform,
      long groupsEmitted,
      int pendingGroups,
      int readyTrees,
      Map<Integer, Integer> stalenessHistogram) {}

  public Stats stats() {
    return new Stats(
        accepted,
        droppedStale,
        droppedUniform,
        groups,
        pending.size(),
        ready.size(),
        Map.copyOf(staleness));
  }
}
