package dev.arbor.tree.prune;

import dev.arbor.tree.Leaf;
import dev.arbor.tree.Role;
import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryTree;
import dev.arbor.tree.pack.LossWeights;
import dev.arbor.tree.pack.Normalization;
import dev.arbor.tree.pack.PackedTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Best-first expansion from the root by a node importance, under a packed-token budget. See {@link
 * Pruner}.
 */
final class BestFirstPruner implements Pruner {

  /** Importance of node {@code n} of a packed tree. */
  interface Importance {
    double of(PackedTree tree, int node);
  }

  private final int budget;
  private final Importance importance;
  private final String name;

  BestFirstPruner(int budget, Importance importance, String name) {
    if (budget < 0) {
      throw new IllegalArgumentException("token budget must be >= 0, got " + budget);
    }
    this.budget = budget;
    this.importance = importance;
    this.name = name;
  }

  /** reach(n) x sum of the entropies of n's generated tokens. */
  static Importance entropyImportance() {
    return (tree, n) -> {
      if (!tree.nodeRole(n).generated()) {
        return 0;
      }
      double sum = 0;
      for (int t = tree.nodeStart(n); t < tree.nodeStart(n) + tree.nodeLength(n); t++) {
        sum += tree.entropy(t);
      }
      return (double) tree.nodeReach(n) / Math.max(1, tree.trajectoryCount()) * sum;
    };
  }

  /** |W+ + W-| of the node's tokens x sum of the entropies of its generated tokens. */
  static Importance advantageEntropyImportance(double[] advantages) {
    return new Importance() {
      private PackedTree cachedTree;
      private LossWeights weights;

      @Override
      public double of(PackedTree tree, int n) {
        if (tree != cachedTree) {
          weights = LossWeights.of(tree, advantages, Normalization.tokenMean());
          cachedTree = tree;
        }
        if (!tree.nodeRole(n).generated()) {
          return 0;
        }
        double sum = 0;
        int last = tree.nodeStart(n) + tree.nodeLength(n) - 1;
        for (int t = tree.nodeStart(n); t <= last; t++) {
          sum += tree.entropy(t);
        }
        return Math.abs(weights.positive(last) + weights.negative(last)) * sum;
      }
    };
  }

  /** A random priority per node, reproducible from the seed and the node index. */
  static Importance randomImportance(long seed) {
    return (tree, n) -> new SplittableRandom(seed * 1_000_003L + n).nextDouble();
  }

  @Override
  public PrunedTree prune(PackedTree tree) {
    int nodes = tree.nodeCount();
    List<List<Integer>> children = new ArrayList<>(nodes);
    List<Integer> roots = new ArrayList<>();
    for (int n = 0; n < nodes; n++) {
      children.add(new ArrayList<>());
    }
    for (int n = 0; n < nodes; n++) {
      int p = tree.nodeParent(n);
      (p < 0 ? roots : children.get(p)).add(n);
    }
    double[] score = new double[nodes];
    for (int n = 0; n < nodes; n++) {
      score[n] = importance.of(tree, n);
    }
    boolean[] kept = new boolean[nodes];
    int used = 0;
    PriorityQueue<Integer> frontier =
        new PriorityQueue<>((a, b) -> a.equals(b) ? 0 : compare(score, a, b));
    frontier.addAll(roots);
    while (!frontier.isEmpty()) {
      int n = frontier.poll();
      List<Integer> unit = unit(tree, children, n);
      int cost = 0;
      for (int u : unit) {
        cost += cost(tree, u);
      }
      if (used + cost > budget) {
        continue; // skip it and its subtree; smaller candidates may still fit
      }
      used += cost;
      for (int u : unit) {
        kept[u] = true;
      }
      for (int u : unit) {
        for (int c : children.get(u)) {
          if (!kept[c]) {
            frontier.add(c);
          }
        }
      }
    }
    int[] keptLength = new int[nodes];
    for (int n = 0; n < nodes; n++) {
      keptLength[n] = kept[n] ? tree.nodeLength(n) : 0;
    }
    return build(tree, keptLength);
  }

  /** Prompt tokens are the context every kept token needs: the budget counts the others. */
  static int cost(PackedTree tree, int node) {
    return tree.nodeRole(node) == Role.PROMPT ? 0 : tree.nodeLength(node);
  }

  /** Tokens a budget is measured against: all but the prompt's. */
  static int chargeable(PackedTree tree) {
    int n = 0;
    for (int u = 0; u < tree.nodeCount(); u++) {
      n += cost(tree, u);
    }
    return n;
  }

  private static int compare(double[] score, int a, int b) {
    int c = Double.compare(score[b], score[a]);
    return c != 0 ? c : Integer.compare(a, b);
  }

  /**
   * The node and the chain of tool-call, tool-result and memory nodes that directly follows it
   * (first child of each, while it has exactly one child of such a role).
   */
  private static List<Integer> unit(PackedTree tree, List<List<Integer>> children, int n) {
    List<Integer> unit = new ArrayList<>();
    unit.add(n);
    int x = n;
    while (children.get(x).size() == 1 && forced(tree.nodeRole(children.get(x).get(0)))) {
      x = children.get(x).get(0);
      unit.add(x);
    }
    return unit;
  }

  private static boolean forced(Role role) {
    return role == Role.TOOL_CALL || role == Role.TOOL_RESULT || role == Role.MEMORY;
  }

  /**
   * Cuts every trajectory after its deepest kept token and packs what is left. {@code keptLength}
   * is, per node, how many of its first tokens are kept (its ancestors are kept whole).
   */
  static PrunedTree build(PackedTree tree, int[] keptLength) {
    TrajectoryTree original = tree.toTree();
    TrajectoryTree out = new TrajectoryTree();
    int trajectories = 0;
    for (int k = 0; k < tree.trajectoryCount(); k++) {
      Leaf leaf = tree.leaf(k);
      int keep = 0;
      for (int x = leaf.terminalNode(); x >= 0; x = tree.nodeParent(x)) {
        if (keptLength[x] > 0) {
          keep = tree.positionId(tree.nodeStart(x) + keptLength[x] - 1) + 1;
          break;
        }
      }
      Trajectory whole = keep == 0 ? null : original.trajectory(k);
      Trajectory cut = whole == null ? null : cut(whole, keep);
      if (cut == null || (keep < whole.length() && !trains(cut))) {
        continue; // cut down to context only: nothing of it would be trained
      }
      out.insert(cut);
      trajectories++;
    }
    PackedTree packed = PackedTree.of(out);
    return new PrunedTree(packed, tree.tokenCount(), packed.tokenCount(), trajectories);
  }

  /** Whether any token after the first is generated (carries loss). */
  private static boolean trains(Trajectory t) {
    int position = 0;
    for (Segment s : t.segments()) {
      if (s.role().generated() && position + s.length() > 1) {
        return true;
      }
      position += s.length();
    }
    return false;
  }

  /** The first {@code tokens} tokens of a trajectory (a segment boundary: nodes end on one). */
  private static Trajectory cut(Trajectory t, int tokens) {
    List<Segment> segments = new ArrayList<>();
    int left = tokens;
    for (Segment s : t.segments()) {
      if (left <= 0) {
        break;
      }
      if (s.length() <= left) {
        segments.add(s);
        left -= s.length();
      } else {
        int[] ids = Arrays.copyOf(s.tokens(), left);
        segments.add(
            s.role().generated()
                ? Segment.generated(
                    s.role(),
                    ids,
                    Arrays.copyOf(s.logprobs(), left),
                    Arrays.copyOf(s.entropies(), left),
                    Arrays.copyOf(s.versions(), left))
                : Segment.context(s.role(), ids));
        left = 0;
      }
    }
    return new Trajectory(t.id(), t.taskId(), t.groupId(), segments, t.reward(), t.status());
  }

  @Override
  public String toString() {
    return "Pruner[" + name + ", budget " + budget + " tokens]";
  }
}
