package dev.arbor.tree.prune;

import dev.arbor.tree.pack.PackedTree;

/**
 * Chooses which part of a rollout tree to train on under a token budget (DESIGN.md §6). The result
 * is a valid tree: every kept node keeps its ancestors (the context it was generated in), each
 * trajectory is cut after its deepest kept node, and dropped tokens carry no loss because they are
 * not in the tree.
 *
 * <p>Implementations: {@link #entropyBestFirst(int)} (the method), {@link #random(int, long)} and
 * {@link #none()} (baselines). All expand from the root, so kept nodes are closed under ancestors,
 * and a kept node always brings the chain of tool-call, tool-result and memory nodes that directly
 * follows it (a tool call is not trained without its result, nor a result kept without its call).
 */
public interface Pruner {

  /** The part of {@code tree} to train on. */
  PrunedTree prune(PackedTree tree);

  /**
   * Best-first by importance: {@code importance(n) = reach(n) x sum of n's generated-token
   * entropies}, with {@code reach(n)} the fraction of the tree's trajectories through n. Nodes are
   * expanded from the root in order of importance while they fit in {@code tokenBudget} tokens; a
   * node that does not fit is skipped and the search goes on with smaller ones. Prompt tokens are
   * not charged: every kept token needs them as context ({@link #budgetBase}).
   */
  static Pruner entropyBestFirst(int tokenBudget) {
    return new BestFirstPruner(tokenBudget, BestFirstPruner.entropyImportance(), "entropy");
  }

  /**
   * Best-first by the node's share of the gradient: {@code importance(n) = |W+_n + W-_n| x sum of
   * n's generated-token entropies}, with W+ and W- the packed loss weights of the trajectories'
   * advantages (DESIGN.md §4). Unlike reach, the net weight sees that a prefix shared by
   * trajectories of opposite advantages carries little gradient (GRPO advantages of a group sum to
   * zero), so budget goes to the branches where the group disagrees.
   *
   * @param advantages one per trajectory of the tree to prune, in leaf order
   */
  static Pruner advantageEntropy(int tokenBudget, double[] advantages) {
    return new BestFirstPruner(
        tokenBudget, BestFirstPruner.advantageEntropyImportance(advantages), "advantage-entropy");
  }

  /**
   * Greedy by gradient per token: {@code importance(t) = |W+_t + W-_t| x (1 - p_t)} for each
   * trained token, its net loss weight from the trajectories' advantages times the size of its
   * log-prob's gradient at the sampled logit ({@code p_t} from the recorded log-prob). Each round
   * keeps the path that extends the kept tree (down to any token, cutting a model turn part-way if
   * that is best) with the most importance per charged token, so it sees past context of low
   * importance to the tokens it leads to. Tool-call, tool-result and memory chains stay whole.
   *
   * @param advantages one per trajectory of the tree to prune, in leaf order
   */
  static Pruner gradientDensity(int tokenBudget, double[] advantages) {
    return new DensityPruner(
        tokenBudget, DensityPruner.gradientShare(advantages), "gradient-density");
  }

  /** Expansion from the root in a random order (seeded), under the same budget: the baseline. */
  static Pruner random(int tokenBudget, long seed) {
    return new BestFirstPruner(tokenBudget, BestFirstPruner.randomImportance(seed), "random");
  }

  /** The tokens a budget is a fraction of: the tree's packed tokens outside the prompt. */
  static int budgetBase(PackedTree tree) {
    return BestFirstPruner.chargeable(tree);
  }

  /** Keeps the whole tree. */
  static Pruner none() {
    return tree -> PrunedTree.whole(tree);
  }
}
