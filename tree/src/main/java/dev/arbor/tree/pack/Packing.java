package dev.arbor.tree.pack;

import dev.arbor.tree.Leaf;
import dev.arbor.tree.TrajectoryTree;
import dev.arbor.tree.TreeColumns;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link PackedTree}s: from a radix tree, or from checked canonical columns. */
final class Packing {
  private Packing() {}

  /** Depth-first over the tree's nodes, children in insertion order. */
  static PackedTree pack(TrajectoryTree tree) {
    int nodes = tree.nodeCount() - 1;
    int[] packedOf = new int[tree.nodeCount()]; // tree node -> packed index
    int[] nodeParent = new int[nodes];
    byte[] nodeRole = new byte[nodes];
    int[] nodeStart = new int[nodes];
    int[] nodeLength = new int[nodes];
    int[] nodeReach = new int[nodes];
    int t = tree.tokenCount();
    int[] tokenIds = new int[t];
    float[] logprobs = new float[t];
    float[] entropies = new float[t];
    int[] versions = new int[t];

    // Iterative depth-first pre-order; the stack holds tree nodes still to visit.
    int[] stack = new int[nodes + 1];
    int top = 0;
    int[] rootChildren = tree.children(TrajectoryTree.ROOT);
    for (int c = rootChildren.length - 1; c >= 0; c--) {
      stack[top++] = rootChildren[c];
    }
    int next = 0;
    int at = 0;
    while (top > 0) {
      int node = stack[--top];
      int packed = next++;
      packedOf[node] = packed;
      int p = tree.parent(node);
      nodeParent[packed] = p == TrajectoryTree.ROOT ? -1 : packedOf[p];
      nodeRole[packed] = tree.role(node).code();
      nodeStart[packed] = at;
      nodeLength[packed] = tree.length(node);
      nodeReach[packed] = tree.reach(node);
      tree.copyTokenData(node, tokenIds, logprobs, entropies, versions, at);
      at += tree.length(node);
      int[] children = tree.children(node);
      for (int c = children.length - 1; c >= 0; c--) {
        stack[top++] = children[c];
      }
    }
    List<Leaf> leaves = new ArrayList<>(tree.trajectoryCount());
    for (Leaf leaf : tree.leaves()) {
      leaves.add(leaf.withTerminalNode(packedOf[leaf.terminalNode()]));
    }
    return new PackedTree(
        nodeParent,
        nodeRole,
        nodeStart,
        nodeLength,
        nodeReach,
        subtreeEnds(nodeParent, nodeStart, nodeLength),
        tokenIds,
        logprobs,
        entropies,
        versions,
        List.copyOf(leaves));
  }

  /**
   * Builds a packed tree from checked canonical columns (as decoded from Arrow), taking their
   * arrays over. Reach counts come from the leaves.
   */
  static PackedTree fromColumns(TreeColumns columns) {
    int nodes = columns.nodeCount();
    int[] nodeParent = columns.nodeParent();
    int[] nodeLength = columns.nodeLength();
    int[] nodeStart = new int[nodes];
    for (int n = 1; n < nodes; n++) {
      nodeStart[n] = nodeStart[n - 1] + nodeLength[n - 1];
    }
    int[] nodeReach = new int[nodes];
    for (Leaf leaf : columns.leaves()) {
      for (int x = leaf.terminalNode(); x >= 0; x = nodeParent[x]) {
        nodeReach[x]++;
      }
    }
    return new PackedTree(
        nodeParent,
        columns.nodeRole(),
        nodeStart,
        nodeLength,
        nodeReach,
        subtreeEnds(nodeParent, nodeStart, nodeLength),
        columns.tokenIds(),
        columns.logprobs(),
        columns.entropies(),
        columns.versions(),
        columns.leaves());
  }

  /** Where each node's subtree ends: the start of the next node that is not its descendant. */
  static int[] subtreeEnds(int[] nodeParent, int[] nodeStart, int[] nodeLength) {
    int[] end = new int[nodeParent.length];
    // Children follow their parent in depth-first order, so one backward sweep suffices.
    for (int n = nodeParent.length - 1; n >= 0; n--) {
      end[n] = Math.max(end[n], nodeStart[n] + nodeLength[n]);
      int p = nodeParent[n];
      if (p >= 0) {
        end[p] = Math.max(end[p], end[n]);
      }
    }
    return end;
  }
}
