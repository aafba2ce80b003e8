package dev.arbor.tree.arrow;

import static dev.arbor.tree.arrow.TreeSchema.*;

import dev.arbor.tree.Leaf;
import dev.arbor.tree.TrajectoryStatus;
import dev.arbor.tree.TreeColumns;
import dev.arbor.tree.pack.PackedTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;

/** Moves trees into and out of a {@link VectorSchemaRoot} of the {@link TreeSchema}. */
final class TreeVectors {
  private TreeVectors() {}

  /** Replaces the root's content with the given trees, one row each. */
  static void fill(VectorSchemaRoot root, List<TreeRecord> trees) {
    int rows = trees.size();
    int[][] nodeParent = new int[rows][];
    byte[][] nodeRole = new byte[rows][];
    int[][] nodeLength = new int[rows][];
    String[][] trajId = new String[rows][];
    String[][] trajTask = new String[rows][];
    String[][] trajGroup = new String[rows][];
    int[][] terminal = new int[rows][];
    int[][] segmentCount = new int[rows][];
    int[][] segmentLength = new int[rows][];
    double[][] reward = new double[rows][];
    double[][] advantage = new double[rows][];
    byte[][] status = new byte[rows][];
    for (int r = 0; r < rows; r++) {
      TreeRecord rec = trees.get(r);
      PackedTree t = rec.tree();
      nodeParent[r] = t.nodeParents();
      nodeRole[r] = t.nodeRoles();
      nodeLength[r] = t.nodeLengths();
      int k = t.trajectoryCount();
      trajId[r] = new String[k];
      trajTask[r] = new String[k];
      trajGroup[r] = new String[k];
      terminal[r] = new int[k];
      segmentCount[r] = new int[k];
      reward[r] = new double[k];
      advantage[r] = rec.advantages();
      status[r] = new byte[k];
      int segments = 0;
      for (int i = 0; i < k; i++) {
        segments += t.leaf(i).segmentLengths().length;
      }
      segmentLength[r] = new int[segments];
      int s = 0;
      for (int i = 0; i < k; i++) {
        Leaf leaf = t.leaf(i);
        trajId[r][i] = leaf.id();
        trajTask[r][i] = leaf.taskId();
        trajGroup[r][i] = leaf.groupId();
        terminal[r][i] = leaf.terminalNode();
        int[] lengths = leaf.segmentLengths();
        segmentCount[r][i] = lengths.length;
        System.arraycopy(lengths, 0, segmentLength[r], s, lengths.length);
        s += lengths.length;
        reward[r][i] = leaf.reward();
        status[r][i] = leaf.status().code();
      }
    }
    VarCharVector treeId = (VarCharVector) root.getVector(TREE_ID);
    if (treeId.getValueCapacity() >= rows && treeId.getByteCapacity() > 0) {
      treeId.reset();
    } else {
      treeId.allocateNew(Math.max(rows, 1));
    }
    for (int r = 0; r < rows; r++) {
      treeId.setSafe(r, trees.get(r).treeId().getBytes(StandardCharsets.UTF_8));
    }
    treeId.setValueCount(rows);
    ListColumns.writeInts(list(root, NODE_PARENT), nodeParent);
    ListColumns.writeBytes(list(root, NODE_ROLE), nodeRole);
    ListColumns.writeInts(list(root, NODE_LENGTH), nodeLength);
    // Token columns hold most of the bytes: copied straight from each tree, no intermediate arrays.
    IntUnaryOperator tokens = r -> trees.get(r).tree().tokenCount();
    ListColumns.write(
        list(root, TOKEN_ID),
        rows,
        4,
        ListColumns.rows(tokens, (r, dst) -> trees.get(r).tree().copyTokenIds(dst.asIntBuffer())));
    ListColumns.write(
        list(root, TOKEN_LOGPROB),
        rows,
        4,
        ListColumns.rows(
            tokens, (r, dst) -> trees.get(r).tree().copyLogprobs(dst.asFloatBuffer())));
    ListColumns.write(
        list(root, TOKEN_ENTROPY),
        rows,
        4,
        ListColumns.rows(
            tokens, (r, dst) -> trees.get(r).tree().copyEntropies(dst.asFloatBuffer())));
    ListColumns.write(
        list(root, TOKEN_VERSION),
        rows,
        4,
        ListColumns.rows(tokens, (r, dst) -> trees.get(r).tree().copyVersions(dst.asIntBuffer())));
    ListColumns.writeStrings(list(root, TRAJ_ID), trajId);
    ListColumns.writeStrings(list(root, TRAJ_TASK_ID), trajTask);
    ListColumns.writeStrings(list(root, TRAJ_GROUP_ID), trajGroup);
    ListColumns.writeInts(list(root, TRAJ_TERMINAL_NODE), terminal);
    ListColumns.writeInts(list(root, TRAJ_SEGMENT_COUNT), segmentCount);
    ListColumns.writeInts(list(root, SEGMENT_LENGTH), segmentLength);
    ListColumns.writeDoubles(list(root, TRAJ_REWARD), reward);
    ListColumns.writeDoubles(list(root, TRAJ_ADVANTAGE), advantage);
    ListColumns.writeBytes(list(root, TRAJ_STATUS), status);
    root.setRowCount(rows);
  }

  /**
   * Reads every row of the root as a tree.
   *
   * @throws IllegalArgumentException naming the row, tree and what is inconsistent
   */
  static List<TreeRecord> read(VectorSchemaRoot root) {
    int rows = root.getRowCount();
    List<TreeRecord> out = new ArrayList<>(rows);
    VarCharVector treeIds = (VarCharVector) root.getVector(TREE_ID);
    for (int r = 0; r < rows; r++) {
      if (treeIds.isNull(r)) {
        throw new IllegalArgumentException("row " + r + ": tree_id is null");
      }
      String treeId = new String(treeIds.get(r), StandardCharsets.UTF_8);
      try {
        out.add(readRow(root, r, treeId));
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        throw new IllegalArgumentException(
            "row " + r + " (tree '" + treeId + "'): " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static TreeRecord readRow(VectorSchemaRoot root, int r, String treeId) {
    String[] ids = ListColumns.readStrings(list(root, TRAJ_ID), r);
    String[] tasks = ListColumns.readStrings(list(root, TRAJ_TASK_ID), r);
    String[] groups = ListColumns.readStrings(list(root, TRAJ_GROUP_ID), r);
    int[] terminal = ListColumns.readInts(list(root, TRAJ_TERMINAL_NODE), r);
    int[] segmentCount = ListColumns.readInts(list(root, TRAJ_SEGMENT_COUNT), r);
    int[] segmentLength = ListColumns.readInts(list(root, SEGMENT_LENGTH), r);
    double[] reward = ListColumns.readDoubles(list(root, TRAJ_REWARD), r);
    double[] advantage = ListColumns.readDoubles(list(root, TRAJ_ADVANTAGE), r);
    byte[] status = ListColumns.readBytes(list(root, TRAJ_STATUS), r);
    int k = ids.length;
    requireLength(TRAJ_TASK_ID, tasks.length, k);
    requireLength(TRAJ_GROUP_ID, groups.length, k);
    requireLength(TRAJ_TERMINAL_NODE, terminal.length, k);
    requireLength(TRAJ_SEGMENT_COUNT, segmentCount.length, k);
    requireLength(TRAJ_REWARD, reward.length, k);
    requireLength(TRAJ_ADVANTAGE, advantage.length, k);
    requireLength(TRAJ_STATUS, status.length, k);
    List<Leaf> leaves = new ArrayList<>(k);
    int s = 0;
    for (int i = 0; i < k; i++) {
      int c = segmentCount[i];
      if (c <= 0 || s + c > segmentLength.length) {
        throw new IllegalArgumentException(
            "trajectory '" + ids[i] + "' claims " + c + " segments; the column has too few");
      }
      int[] lengths = Arrays.copyOfRange(segmentLength, s, s + c);
      s += c;
      leaves.add(
          new Leaf(
              ids[i],
              tasks[i],
              groups[i],
              reward[i],
              TrajectoryStatus.ofCode(status[i]),
              terminal[i],
              lengths));
    }
    if (s != segmentLength.length) {
      throw new IllegalArgumentException(
          SEGMENT_LENGTH + " has " + segmentLength.length + " entries but " + s + " are claimed");
    }
    PackedTree tree =
        PackedTree.fromColumns(
            new TreeColumns(
                ListColumns.readInts(list(root, NODE_PARENT), r),
                ListColumns.readBytes(list(root, NODE_ROLE), r),
                ListColumns.readInts(list(root, NODE_LENGTH), r),
                ListColumns.readInts(list(root, TOKEN_ID), r),
                ListColumns.readFloats(list(root, TOKEN_LOGPROB), r),
                ListColumns.readFloats(list(root, TOKEN_ENTROPY), r),
                ListColumns.readInts(list(root, TOKEN_VERSION), r),
                leaves));
    return new TreeRecord(treeId, tree, advantage);
  }

  private static void requireLength(String column, int actual, int expected) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          column + " has " + actual + " entries for " + expected + " trajectories");
    }
  }

  private static ListVector list(VectorSchemaRoot root, String name) {
    return (ListVector) root.getVector(name);
  }
}
