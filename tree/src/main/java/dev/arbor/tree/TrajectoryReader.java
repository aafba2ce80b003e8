package dev.arbor.tree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads a trajectory back out of a {@link TrajectoryTree}: its root path, cut into segments. */
final class TrajectoryReader {
  private TrajectoryReader() {}

  /** The trajectory of {@code leaf}, exactly as it was inserted (up to merged log-probs). */
  static Trajectory read(TrajectoryTree tree, Leaf leaf) {
    int total = tree.depth(leaf.terminalNode()) + tree.length(leaf.terminalNode());
    int[] allTokens = new int[total];
    float[] allLogprobs = new float[total];
    float[] allEntropies = new float[total];
    int[] allVersions = new int[total];
    byte[] tokenRoles = new byte[total];
    for (int node : tree.pathTo(leaf.terminalNode())) {
      int from = tree.depth(node);
      tree.copyTokenData(node, allTokens, allLogprobs, allEntropies, allVersions, from);
      Arrays.fill(tokenRoles, from, from + tree.length(node), tree.role(node).code());
    }
    List<Segment> segments = new ArrayList<>(leaf.segmentLengths().length);
    int at = 0;
    for (int len : leaf.segmentLengths()) {
      segments.add(
          Segment.wrap(
              Role.ofCode(tokenRoles[at]),
              Arrays.copyOfRange(allTokens, at, at + len),
              Arrays.copyOfRange(allLogprobs, at, at + len),
              Arrays.copyOfRange(allEntropies, at, at + len),
              Arrays.copyOfRange(allVersions, at, at + len)));
      at += len;
    }
    return new Trajectory(
        leaf.id(), leaf.taskId(), leaf.groupId(), segments, leaf.reward(), leaf.status());
  }
}
