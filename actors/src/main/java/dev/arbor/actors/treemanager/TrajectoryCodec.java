package dev.arbor.actors.treemanager;

import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryTree;
import dev.arbor.tree.arrow.TreeArrow;
import dev.arbor.tree.arrow.TreeFormatException;
import dev.arbor.tree.arrow.TreeRecord;
import dev.arbor.tree.pack.PackedTree;
import java.util.ArrayList;
import java.util.List;

/**
 * Trajectories on their way from a policy actor to the tree manager, as one Arrow IPC stream of a
 * prefix tree: the G samples of a group share their prompt, so it travels once, and the format is
 * the tree codec the trainer's batches already use (no second schema to keep in step).
 */
public final class TrajectoryCodec {
  private static final String TREE_ID = "trajectories";

  private TrajectoryCodec() {}

  /** The trajectories (unique ids) as an Arrow IPC stream. */
  public static byte[] encode(List<Trajectory> trajectories) {
    if (trajectories.isEmpty()) {
      throw new IllegalArgumentException("no trajectories to encode");
    }
    PackedTree tree = PackedTree.of(TrajectoryTree.of(trajectories));
    return TreeArrow.toStreamBytes(List.of(TreeRecord.of(TREE_ID, tree)));
  }

  /** The trajectories of {@link #encode}'s bytes, in their original order. */
  public static List<Trajectory> decode(byte[] bytes) throws TreeFormatException {
    List<Trajectory> out = new ArrayList<>();
    for (TreeRecord record : TreeArrow.fromBytes(bytes, "trajectory batch")) {
      TrajectoryTree tree = record.tree().toTree();
      for (int i = 0; i < tree.trajectoryCount(); i++) {
        out.add(tree.trajectory(i));
      }
    }
    return out;
  }
}
