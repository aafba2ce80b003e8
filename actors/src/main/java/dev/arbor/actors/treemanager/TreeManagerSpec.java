package dev.arbor.actors.treemanager;

import dev.arbor.tree.advantage.AdvantageEstimator;
import dev.arbor.tree.advantage.AdvantageScaler;
import dev.arbor.tree.batch.TreeBatcher;
import dev.arbor.tree.prune.PruneMethod;

/**
 * What a {@link TreeManagerActor} is created with (sent as JSON).
 *
 * @param groupSize trajectories per rollout group (G)
 * @param batchTokens packed-token budget of a training batch
 * @param staleness policy versions a trajectory may lag behind the trainer (k)
 * @param estimator advantage estimator ({@code grpo}, {@code grpo-no-std}, {@code rloo})
 * @param scaler advantage scaler ({@code none}, {@code rollout-entropy}, ...)
 * @param keepFraction fraction of each tree's tokens kept by entropy pruning (1 = none)
 * @param packing {@code tree} (prefix trees, the default) or {@code flat} (every trajectory alone:
 *     the ablation baseline)
 * @param dropUniform drop groups whose members all got the same reward (no gradient)
 * @param pruneMethod how trees are pruned when {@code keepFraction < 1}: {@code entropy} (the
 *     default), {@code advantage-entropy} or {@code gradient-density}
 */
public record TreeManagerSpec(
    int groupSize,
    int batchTokens,
    int staleness,
    String estimator,
    String scaler,
    double keepFraction,
    String packing,
    boolean dropUniform,
    String pruneMethod) {

  /** Checks every value as {@link #toConfig()} does, naming the offending one. */
  public TreeManagerSpec(
      int groupSize,
      int batchTokens,
      int staleness,
      String estimator,
      String scaler,
      double keepFraction,
      String packing,
      boolean dropUniform,
      String pruneMethod) {
    this.groupSize = groupSize;
    this.batchTokens = batchTokens;
    this.staleness = staleness;
    this.estimator = estimator;
    this.scaler = scaler;
    this.keepFraction = keepFraction;
    this.packing = packing;
    this.dropUniform = dropUniform;
    this.pruneMethod = pruneMethod;
    toConfig();
  }

  /** The batcher configuration; throws with the offending value when invalid. */
  public TreeBatcher.Config toConfig() {
    return new TreeBatcher.Config(
        groupSize,
        batchTokens,
        staleness,
        AdvantageEstimator.parse(estimator),
        AdvantageScaler.parse(scaler),
        keepFraction,
        flat(packing),
        dropUniform,
        PruneMethod.parse(pruneMethod));
  }

  /** Whether {@code packing} names flat trees; throws on a name that is neither. */
  public static boolean flat(String packing) {
    return switch (packing) {
      case "tree" -> false;
      case "flat" -> true;
      default ->
          throw new IllegalArgumentException(
              "packing must be 'tree' or 'flat', got '" + packing + "'");
    };
  }
}
