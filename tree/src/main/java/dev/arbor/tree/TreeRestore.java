package dev.arbor.tree;

import java.util.List;

/** Rebuilds a {@link TrajectoryTree} from its canonical node layout, checking every column. */
final class TreeRestore {
  private TreeRestore() {}

  static TrajectoryTree restore(
      int[] nodeParent,
      byte[] nodeRole,
      int[] nodeLength,
      int[] tokenIds,
      float[] tokenLogprobs,
      float[] tokenEntropies,
      int[] tokenVersions,
      List<Leaf> leafList) {
    int nodes = nodeParent.length;
    if (nodeRole.length != nodes || nodeLength.length != nodes) {
      throw new IllegalArgumentException(
          "node columns disagree: "
              + nodes
              + " parents, "
              + nodeRole.length
              + " roles, "
              + nodeLength.length
              + " lengths");
    }
    int t = tokenIds.length;
    if (tokenLogprobs.length != t || tokenEntropies.length != t || tokenVersions.length != t) {
      throw new IllegalArgumentException("token columns disagree in length");
    }
    TrajectoryTree tree = TrajectoryTree.withCapacity(nodes, t);
    long sum = 0;
    for (int i = 0; i < nodes; i++) {
      int p = nodeParent[i];
      if (p < -1 || p >= i) {
        throw new IllegalArgumentException(
            "node " + i + " has parent " + p + " (must be -1 or an earlier node)");
      }
      if (nodeLength[i] <= 0) {
        throw new IllegalArgumentException("node " + i + " has length " + nodeLength[i]);
      }
      Role.ofCode(nodeRole[i]);
      tree.restoreNode(p + 1, (int) sum, nodeLength[i], nodeRole[i]);
      sum += nodeLength[i];
      if (sum > t) {
        throw new IllegalArgumentException(
            "node lengths add up to more than the " + t + " tokens present");
      }
    }
    if (sum != t) {
      throw new IllegalArgumentException(
          "node lengths add up to " + sum + " but " + t + " tokens are present");
    }
    tree.adoptTokens(tokenIds, tokenLogprobs, tokenEntropies, tokenVersions);
    for (Leaf leaf : leafList) {
      tree.restoreLeaf(leaf);
    }
    return tree;
  }
}
