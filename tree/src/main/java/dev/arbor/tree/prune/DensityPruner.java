package dev.arbor.tree.prune;

import dev.arbor.tree.Role;
import dev.arbor.tree.pack.LossWeights;
import dev.arbor.tree.pack.Normalization;
import dev.arbor.tree.pack.PackedTree;
import java.util.ArrayList;
import java.util.List;

/**
 * Greedy by importance per charged token, at token granularity. Each round keeps the one path that
 * extends the kept part of the tree (from the first unkept token of a node whose parent is kept
 * whole, down to any allowed end below it) with the most importance per token it charges, while it
 * fits in the budget; it stops when nothing that fits carries importance. See {@link
 * Pruner#gradientDensity(int, double[])}.
 *
 * <p>Unlike {@link BestFirstPruner} it looks past a node of low importance to the tokens it leads
 * to, and it may cut a model turn part-way, so a budget is spent on the tokens that carry the
 * gradient and the context they need, not on whole nodes in front of them. A path ends inside a
 * generated non-tool node, or at the end of a node unless its only child is a tool call, tool
 * result or memory node (those chains are kept whole, as by the other pruners).
 */
final class DensityPruner implements Pruner {

  /** Importance of every packed token of a tree (0 for tokens that carry no loss). */
  interface TokenImportance {
    double[] of(PackedTree tree);
  }

  private final int budget;
  private final TokenImportance importance;
  private final String name;

  DensityPruner(int budget, TokenImportance importance, String name) {
    if (budget < 0) {
      throw new IllegalArgumentException("token budget must be >= 0, got " + budget);
    }
    this.budget = budget;
    this.importance = importance;
    this.name = name;
  }

  /**
   * |W+_t + W-_t| x (1 - p_t): the token's net loss weight from the advantages times the size of
   * the log-prob's gradient with respect to the sampled logit (p_t = exp of the recorded log-prob).
   */
  static TokenImportance gradientShare(double[] advantages) {
    return tree -> {
      LossWeights w = LossWeights.of(tree, advantages, Normalization.tokenMean());
      double[] v = new double[tree.tokenCount()];
      for (int t = 0; t < v.length; t++) {
        if (tree.trainable(t)) {
          double p = Math.exp(tree.logprob(t));
          v[t] = Math.abs(w.positive(t) + w.negative(t)) * Math.max(0, 1 - p);
        }
      }
      return v;
    };
  }

  /** The best extension found in a round. */
  private static final class Path {
    int open; // the node it starts in
    int end; // the node it ends in
    int endLength; // tokens of `end` kept
    double value;
    int cost;

    boolean better(double v, int c) {
      double d = v / c;
      double best = value / cost;
      return d > best || (d == best && v > value);
    }
  }

  @Override
  public PrunedTree prune(PackedTree tree) {
    int nodes = tree.nodeCount();
    List<List<Integer>> children = new ArrayList<>(nodes);
    for (int n = 0; n < nodes; n++) {
      children.add(new ArrayList<>());
    }
    for (int n = 0; n < nodes; n++) {
      int p = tree.nodeParent(n);
      if (p >= 0) {
        children.get(p).add(n);
      }
    }
    double[] value = importance.of(tree);
    int[] kept = new int[nodes];
    int left = budget;
    while (true) {
      Path best = null;
      for (int n = 0; n < nodes; n++) {
        int p = tree.nodeParent(n);
        boolean open = p < 0 || kept[p] == tree.nodeLength(p);
        if (open && kept[n] < tree.nodeLength(n)) {
          best = search(tree, children, value, n, n, kept[n], 0, 0, left, best);
        }
      }
      if (best == null) {
        break;
      }
      left -= best.cost;
      keep(tree, kept, best);
    }
    return BestFirstPruner.build(tree, kept);
  }

  /**
   * Extends a path through node {@code n} from its token {@code from}, with {@code v} and {@code c}
   * gathered above; returns the better of {@code best} and the allowed ends found below.
   */
  private static Path search(
      PackedTree tree,
      List<List<Integer>> children,
      double[] value,
      int open,
      int n,
      int from,
      double v,
      int c,
      int left,
      Path best) {
    int start = tree.nodeStart(n);
    int length = tree.nodeLength(n);
    Role role = tree.nodeRole(n);
    boolean charged = role != Role.PROMPT;
    boolean partial = role.generated() && !forced(role);
    for (int i = from; i < length; i++) {
      v += value[start + i];
      c += charged ? 1 : 0;
      if (c > left) {
        return best;
      }
      boolean end = i == length - 1 ? mayEndAfter(tree, children, n) : partial;
      if (end && v > 0 && c > 0 && (best == null || best.better(v, c))) {
        best = best == null ? new Path() : best;
        best.open = open;
        best.end = n;
        best.endLength = i + 1;
        best.value = v;
        best.cost = c;
      }
    }
    for (int child : children.get(n)) {
      best = search(tree, children, value, open, child, 0, v, c, left, best);
    }
    return best;
  }

  /** A path may stop after a whole node unless its only child must come with it. */
  private static boolean mayEndAfter(PackedTree tree, List<List<Integer>> children, int n) {
    List<Integer> c = children.get(n);
    return !(c.size() == 1 && forced(tree.nodeRole(c.get(0))));
  }

  private static boolean forced(Role role) {
    return role == Role.TOOL_CALL || role == Role.TOOL_RESULT || role == Role.MEMORY;
  }

  /** Marks the path's nodes kept: whole down to its last node, that one up to its end. */
  private static void keep(PackedTree tree, int[] kept, Path path) {
    kept[path.end] = path.endLength;
    for (int x = path.end; x != path.open; ) {
      x = tree.nodeParent(x);
      kept[x] = tree.nodeLength(x);
    }
  }

  @Override
  public String toString() {
    return "Pruner[" + name + ", budget " + budget + " tokens]";
  }
}
