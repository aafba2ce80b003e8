package dev.arbor.tree.prune;

import dev.arbor.tree.pack.PackedTree;

/**
 * A pruned tree and what was dropped.
 *
 * @param tree the kept part, as a packed tree of its own (trajectories cut after their deepest kept
 *     node; trajectories that the cut leaves without a trained token dropped)
 * @param originalTokens packed tokens of the tree before pruning
 * @param keptTokens packed tokens kept (at most the budget; selected context-only branches whose
 *     trajectories were dropped do not count)
 * @param keptTrajectories trajectories in the pruned tree
 */
public record PrunedTree(
    PackedTree tree, int originalTokens, int keptTokens, int keptTrajectories) {

  /** The whole tree, nothing dropped. */
  public static PrunedTree whole(PackedTree tree) {
    return new PrunedTree(tree, tree.tokenCount(), tree.tokenCount(), tree.trajectoryCount());
  }

  /** Fraction of the packed tokens kept. */
  public double keptFraction() {
    return originalTokens == 0 ? 1 : (double) keptTokens / originalTokens;
  }
}
