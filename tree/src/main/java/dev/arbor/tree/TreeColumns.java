package dev.arbor.tree;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The canonical column form of a trajectory tree: what the Arrow codec stores and what {@link
 * dev.arbor.tree.pack.PackedTree} and {@link TrajectoryTree} are rebuilt from. Nodes are numbered
 * 0..N-1 in depth-first pre-order (the root is implicit and not listed); node n's tokens follow
 * those of nodes 0..n-1. Leaves' terminal nodes are indices into these nodes.
 *
 * <p>The constructor checks everything a reader must not trust: columns of matching lengths, nodes
 * in depth-first order with each parent on the root path of the node before, positive node lengths
 * adding up to the token count, known role codes, and every leaf's segments tiling its root path
 * with one role per segment. It names the first inconsistency. Arrays are taken over, not copied;
 * {@code equals} compares them by reference.
 *
 * @param nodeParent parent of each node, -1 for children of the root
 * @param nodeRole role code of each node ({@link Role#code()})
 * @param nodeLength number of tokens of each node
 * @param tokenIds token ids in node order
 * @param logprobs rollout log-probs in node order
 * @param entropies rollout entropies in node order
 * @param versions policy versions in node order
 * @param leaves the trajectories
 */
public record TreeColumns(
    int[] nodeParent,
    byte[] nodeRole,
    int[] nodeLength,
    int[] tokenIds,
    float[] logprobs,
    float[] entropies,
    int[] versions,
    List<Leaf> leaves) {

  public TreeColumns {
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
    if (logprobs.length != t || entropies.length != t || versions.length != t) {
      throw new IllegalArgumentException(
          "token columns disagree: "
              + t
              + " ids, "
              + logprobs.length
              + " log-probs, "
              + entropies.length
              + " entropies, "
              + versions.length
              + " versions");
    }
    checkNodes(nodeParent, nodeRole, nodeLength, t);
    leaves = List.copyOf(leaves);
    Set<String> ids = new HashSet<>();
    for (Leaf leaf : leaves) {
      checkLeaf(leaf, nodeParent, nodeRole, nodeLength);
      if (!ids.add(leaf.id())) {
        throw new IllegalArgumentException("trajectory id '" + leaf.id() + "' appears twice");
      }
    }
  }

  private static void checkNodes(int[] nodeParent, byte[] nodeRole, int[] nodeLength, int tokens) {
    int[] path = new int[nodeParent.length + 1]; // the root path of the previous node
    int pathLength = 0;
    long at = 0;
    for (int n = 0; n < nodeParent.length; n++) {
      int p = nodeParent[n];
      while (pathLength > 0 && path[pathLength - 1] != p) {
        pathLength--;
      }
      if (p != -1 && pathLength == 0) {
        throw new IllegalArgumentException(
            "node "
                + n
                + " has parent "
                + p
                + ", which is not on the root path of node "
                + (n - 1)
                + " (nodes must be in depth-first order)");
      }
      path[pathLength++] = n;
      if (nodeLength[n] <= 0) {
        throw new IllegalArgumentException("node " + n + " has length " + nodeLength[n]);
      }
      Role.ofCode(nodeRole[n]);
      at += nodeLength[n];
      if (at > tokens) {
        throw new IllegalArgumentException(
            "node lengths add up to more than the " + tokens + " tokens present");
      }
    }
    if (at != tokens) {
      throw new IllegalArgumentException(
          "node lengths add up to " + at + " but " + tokens + " tokens are present");
    }
  }

  /** Checks that a leaf's segments tile its root path, each segment within nodes of one role. */
  private static void checkLeaf(Leaf leaf, int[] nodeParent, byte[] nodeRole, int[] nodeLength) {
    int terminal = leaf.terminalNode();
    if (terminal < 0 || terminal >= nodeParent.length) {
      throw new IllegalArgumentException(
          "trajectory '"
              + leaf.id()
              + "' ends at node "
              + terminal
              + " but the tree has "
              + nodeParent.length
              + " nodes");
    }
    int depthNodes = 0;
    for (int x = terminal; x >= 0; x = nodeParent[x]) {
      depthNodes++;
    }
    int[] path = new int[depthNodes];
    for (int x = terminal; x >= 0; x = nodeParent[x]) {
      path[--depthNodes] = x;
    }
    int[] segments = leaf.segmentLengths();
    int seg = 0;
    int leftInSegment = segments.length == 0 ? 0 : segments[0];
    byte segmentRole = -1;
    for (int node : path) {
      int len = nodeLength[node];
      while (len > 0) {
        if (seg >= segments.length || leftInSegment <= 0) {
          throw new IllegalArgumentException(
              "trajectory '" + leaf.id() + "' has segments shorter than its root path");
        }
        if (segmentRole == -1) {
          segmentRole = nodeRole[node];
        } else if (segmentRole != nodeRole[node]) {
          throw new IllegalArgumentException(
              "segment " + seg + " of trajectory '" + leaf.id() + "' spans nodes of two roles");
        }
        int take = Math.min(len, leftInSegment);
        len -= take;
        leftInSegment -= take;
        if (leftInSegment == 0) {
          seg++;
          leftInSegment = seg < segments.length ? segments[seg] : 0;
          segmentRole = -1;
        }
      }
    }
    if (seg != segments.length) {
      throw new IllegalArgumentException(
          "trajectory '" + leaf.id() + "' has segments longer than its root path");
    }
  }

  /** Number of nodes. */
  public int nodeCount() {
    return nodeParent.length;
  }

  /** Number of tokens. */
  public int tokenCount() {
    return tokenIds.length;
  }
}
