package dev.arbor.tree;

/**
 * Rebuilds a {@link TrajectoryTree} from checked {@link TreeColumns}: node n of the columns becomes
 * node n + 1 of the tree (node 0 is the root).
 */
final class TreeRestore {
  private TreeRestore() {}

  static TrajectoryTree restore(TreeColumns c) {
    int nodes = c.nodeCount();
    TrajectoryTree tree = TrajectoryTree.withCapacity(nodes, c.tokenCount());
    int at = 0;
    for (int i = 0; i < nodes; i++) {
      tree.restoreNode(c.nodeParent()[i] + 1, at, c.nodeLength()[i], c.nodeRole()[i]);
      at += c.nodeLength()[i];
    }
    tree.adoptTokens(c.tokenIds(), c.logprobs(), c.entropies(), c.versions());
    for (Leaf leaf : c.leaves()) {
      tree.restoreLeaf(leaf.withTerminalNode(leaf.terminalNode() + 1));
    }
    return tree;
  }
}
