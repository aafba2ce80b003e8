package dev.arbor.tree.pack;

import dev.arbor.tree.Leaf;
import dev.arbor.tree.Role;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks the canonical columns of a packed tree (as decoded from Arrow) and builds it. */
final class PackedColumns {
  private PackedColumns() {}

  static PackedTree check(
      int[] nodeParent,
      byte[] nodeRole,
      int[] nodeLength,
      int[] tokenIds,
      float[] logprobs,
      float[] entropies,
      int[] versions,
      List<Leaf> leaves) {
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
    int[] nodeStart = new int[nodes];
    int[] nodeSubtreeEnd = new int[nodes];
    int[] path = new int[nodes + 1]; // the root path of the previous node
    int pathLength = 0;
    long at = 0;
    for (int n = 0; n < nodes; n++) {
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
      nodeStart[n] = (int) at;
      at += nodeLength[n];
      if (at > t) {
        throw new IllegalArgumentException(
            "node lengths add up to more than the " + t + " tokens present");
      }
    }
    if (at != t) {
      throw new IllegalArgumentException(
          "node lengths add up to " + at + " but " + t + " tokens are present");
    }
    for (int n = nodes - 1; n >= 0; n--) {
      nodeSubtreeEnd[n] = Math.max(nodeSubtreeEnd[n], nodeStart[n] + nodeLength[n]);
      int p = nodeParent[n];
      if (p >= 0) {
        nodeSubtreeEnd[p] = Math.max(nodeSubtreeEnd[p], nodeSubtreeEnd[n]);
      }
    }
    int[] nodeReach = new int[nodes];
    Set<String> ids = new HashSet<>();
    for (Leaf leaf : leaves) {
      checkLeaf(leaf, nodeParent, nodeRole, nodeLength);
      if (!ids.add(leaf.id())) {
        throw new IllegalArgumentException("trajectory id '" + leaf.id() + "' appears twice");
      }
      for (int x = leaf.terminalNode(); x >= 0; x = nodeParent[x]) {
        nodeReach[x]++;
      }
    }
    return new PackedTree(
        nodeParent,
        nodeRole,
        nodeStart,
        nodeLength,
        nodeReach,
        nodeSubtreeEnd,
        tokenIds,
        logprobs,
        entropies,
        versions,
        List.copyOf(leaves));
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
}
