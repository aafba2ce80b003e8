package dev.arbor.tree.inspect;

import dev.arbor.tree.Leaf;
import dev.arbor.tree.Role;
import dev.arbor.tree.TrajectoryStatus;
import dev.arbor.tree.arrow.TreeRecord;
import dev.arbor.tree.pack.PackedTree;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A readable summary of a batch of trees: sizes, how much of the flat work prefix sharing saves,
 * depth, branching, tokens per role and trajectories per status.
 *
 * @param trees per-tree rows
 * @param packedTokensByRole distinct tokens per role over all trees
 * @param trajectoriesByStatus trajectories per status over all trees
 */
public record TreeSummary(
    List<TreeRow> trees,
    Map<Role, Long> packedTokensByRole,
    Map<TrajectoryStatus, Integer> trajectoriesByStatus) {

  /**
   * One tree.
   *
   * @param sharedPrefixRatio {@code 1 - packed / flat}: the fraction of flat tokens that prefix
   *     sharing saves
   * @param depthTokens length of the longest trajectory
   * @param depthNodes largest number of nodes on a root path
   * @param maxChildren largest number of children of one node (the root counts)
   */
  public record TreeRow(
      String id,
      int trajectories,
      int nodes,
      long packedTokens,
      long flatTokens,
      double sharedPrefixRatio,
      int depthTokens,
      int depthNodes,
      int maxChildren,
      double meanReward,
      boolean hasAdvantages) {}

  /** Summarises the given trees. */
  public static TreeSummary of(List<TreeRecord> records) {
    List<TreeRow> rows = new ArrayList<>(records.size());
    Map<Role, Long> byRole = new EnumMap<>(Role.class);
    Map<TrajectoryStatus, Integer> byStatus = new EnumMap<>(TrajectoryStatus.class);
    for (TreeRecord record : records) {
      PackedTree t = record.tree();
      int nodes = t.nodeCount();
      int[] nodeDepth = new int[nodes];
      int[] children = new int[nodes + 1]; // slot `nodes` counts the root's children
      int depthNodes = 0;
      for (int n = 0; n < nodes; n++) {
        int p = t.nodeParent(n);
        nodeDepth[n] = p < 0 ? 1 : nodeDepth[p] + 1;
        depthNodes = Math.max(depthNodes, nodeDepth[n]);
        children[p < 0 ? nodes : p]++;
        byRole.merge(t.nodeRole(n), (long) t.nodeLength(n), Long::sum);
      }
      int maxChildren = 0;
      for (int c : children) {
        maxChildren = Math.max(maxChildren, c);
      }
      int depthTokens = 0;
      double rewardSum = 0;
      for (Leaf leaf : t.leaves()) {
        depthTokens = Math.max(depthTokens, leaf.length());
        rewardSum += leaf.reward();
        byStatus.merge(leaf.status(), 1, Integer::sum);
      }
      boolean hasAdvantages = false;
      for (double a : record.advantages()) {
        hasAdvantages |= !Double.isNaN(a);
      }
      long flat = t.flatTokenCount();
      rows.add(
          new TreeRow(
              record.treeId(),
              t.trajectoryCount(),
              nodes,
              t.tokenCount(),
              flat,
              flat == 0 ? 0 : 1.0 - (double) t.tokenCount() / flat,
              depthTokens,
              depthNodes,
              maxChildren,
              t.trajectoryCount() == 0 ? Double.NaN : rewardSum / t.trajectoryCount(),
              hasAdvantages));
    }
    return new TreeSummary(List.copyOf(rows), Map.copyOf(byRole), Map.copyOf(byStatus));
  }

  public int trajectories() {
    return trees.stream().mapToInt(TreeRow::trajectories).sum();
  }

  public long nodes() {
    return trees.stream().mapToLong(TreeRow::nodes).sum();
  }

  public long packedTokens() {
    return trees.stream().mapToLong(TreeRow::packedTokens).sum();
  }

  public long flatTokens() {
    return trees.stream().mapToLong(TreeRow::flatTokens).sum();
  }

  /** {@code 1 - packed / flat} over all trees. */
  public double sharedPrefixRatio() {
    long flat = flatTokens();
    return flat == 0 ? 0 : 1.0 - (double) packedTokens() / flat;
  }

  public int maxDepthTokens() {
    return trees.stream().mapToInt(TreeRow::depthTokens).max().orElse(0);
  }

  public int maxDepthNodes() {
    return trees.stream().mapToInt(TreeRow::depthNodes).max().orElse(0);
  }

  /**
   * The summary as text: totals first, then one line per tree (at most {@code maxRows}, the rest
   * counted).
   */
  public String render(String source, int maxRows) {
    StringBuilder out = new StringBuilder();
    out.append(source).append('\n');
    line(out, "trees", String.valueOf(trees.size()));
    line(out, "trajectories", String.valueOf(trajectories()));
    line(out, "nodes", String.valueOf(nodes()));
    line(out, "flat tokens", String.valueOf(flatTokens()));
    line(out, "packed tokens", String.valueOf(packedTokens()));
    line(
        out,
        "shared prefix",
        String.format(
            Locale.ROOT,
            "%.1f %% of flat tokens (packing trains %.2fx fewer tokens)",
            100 * sharedPrefixRatio(),
            packedTokens() == 0 ? 1.0 : (double) flatTokens() / packedTokens()));
    line(
        out,
        "depth",
        "max " + maxDepthTokens() + " tokens, max " + maxDepthNodes() + " nodes on a root path");
    StringBuilder roles = new StringBuilder();
    for (Role r : Role.values()) {
      long n = packedTokensByRole.getOrDefault(r, 0L);
      if (n > 0) {
        roles.append(roles.length() == 0 ? "" : ", ").append(r).append(' ').append(n);
      }
    }
    line(out, "tokens by role", roles.toString());
    StringBuilder statuses = new StringBuilder();
    for (TrajectoryStatus s : TrajectoryStatus.values()) {
      int n = trajectoriesByStatus.getOrDefault(s, 0);
      if (n > 0) {
        statuses.append(statuses.length() == 0 ? "" : ", ").append(s).append(' ').append(n);
      }
    }
    line(out, "trajectories by status", statuses.toString());
    if (!trees.isEmpty()) {
      out.append('\n');
      out.append(
          String.format(
              Locale.ROOT,
              "  %-24s %6s %6s %9s %9s %7s %6s %5s %7s%n",
              "tree",
              "trajs",
              "nodes",
              "packed",
              "flat",
              "shared",
              "depth",
              "fan",
              "reward"));
      int shown = Math.min(maxRows, trees.size());
      for (int i = 0; i < shown; i++) {
        TreeRow r = trees.get(i);
        out.append(
            String.format(
                Locale.ROOT,
                "  %-24s %6d %6d %9d %9d %6.1f%% %6d %5d %7.3f%n",
                abbreviate(r.id(), 24),
                r.trajectories(),
                r.nodes(),
                r.packedTokens(),
                r.flatTokens(),
                100 * r.sharedPrefixRatio(),
                r.depthTokens(),
                r.maxChildren(),
                r.meanReward()));
      }
      if (shown < trees.size()) {
        out.append("  ... ").append(trees.size() - shown).append(" more trees\n");
      }
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append(String.format(Locale.ROOT, "  %-23s %s%n", key + ":", value));
  }

  private static String abbreviate(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "…";
  }
}
