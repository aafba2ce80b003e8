package dev.arbor.tree.arrow;

import dev.arbor.tree.pack.PackedTree;
import java.util.Arrays;
import java.util.Objects;

/**
 * One tree as it travels between stages: its id, its packed layout and, once the tree manager has
 * computed them, one advantage per trajectory ({@code NaN} where not computed yet).
 *
 * @param treeId id of the tree (typically the rollout group id)
 * @param tree the packed tree
 * @param advantages one entry per trajectory in leaf order
 */
public record TreeRecord(String treeId, PackedTree tree, double[] advantages) {

  public TreeRecord {
    Objects.requireNonNull(treeId, "treeId");
    Objects.requireNonNull(tree, "tree");
    Objects.requireNonNull(advantages, "advantages");
    if (advantages.length != tree.trajectoryCount()) {
      throw new IllegalArgumentException(
          "tree '"
              + treeId
              + "' has "
              + tree.trajectoryCount()
              + " trajectories but "
              + advantages.length
              + " advantages");
    }
    advantages = advantages.clone();
  }

  /** A record whose advantages are not computed yet. */
  public static TreeRecord of(String treeId, PackedTree tree) {
    double[] none = new double[tree.trajectoryCount()];
    Arrays.fill(none, Double.NaN);
    return new TreeRecord(treeId, tree, none);
  }

  @Override
  public double[] advantages() {
    return advantages.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TreeRecord r
        && treeId.equals(r.treeId)
        && tree.equals(r.tree)
        && Arrays.equals(advantages, r.advantages);
  }

  @Override
  public int hashCode() {
    return treeId.hashCode() * 31 + tree.hashCode();
  }

  @Override
  public String toString() {
    return "TreeRecord[" + treeId + ", " + tree + "]";
  }
}
