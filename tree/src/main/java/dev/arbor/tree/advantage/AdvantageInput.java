package dev.arbor.tree.advantage;

import dev.arbor.tree.Leaf;
import dev.arbor.tree.Role;
import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryStatus;
import dev.arbor.tree.TrajectoryTree;
import dev.arbor.tree.pack.PackedTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the advantage math needs of one trajectory: its group, reward and status, and the mean
 * rollout entropy over its MODEL tokens (for {@link AdvantageScaler#rolloutEntropy}).
 *
 * <p>{@code H_i} is the mean over the trajectory's <em>trainable</em> MODEL tokens (every MODEL
 * token but the very first token of a trajectory, which has no predecessor and so no prediction).
 * TOOL_CALL tokens are left out on purpose (DESIGN.md §5): tool-call syntax is near-deterministic,
 * so counting it would make trajectories that call many tools look confident and scale them down
 * for their tool use rather than for their reasoning.
 *
 * @param id the trajectory's id
 * @param groupId the rollout group whose rewards are compared
 * @param reward the verifier's reward; finite unless the status is INFRA_FAILED
 * @param status how the episode ended; INFRA_FAILED trajectories get advantage 0
 * @param modelTokens number of trainable MODEL tokens
 * @param meanModelEntropy {@code H_i}, the mean rollout entropy of those tokens; NaN iff {@code
 *     modelTokens == 0}
 */
public record AdvantageInput(
    String id,
    String groupId,
    double reward,
    TrajectoryStatus status,
    int modelTokens,
    double meanModelEntropy) {

  public AdvantageInput {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(status, "status");
    if (status.trainable() && !Double.isFinite(reward)) {
      throw new IllegalArgumentException(
          "trajectory '" + id + "' has reward " + reward + " (must be finite)");
    }
    if (modelTokens < 0) {
      throw new IllegalArgumentException(
          "trajectory '" + id + "': modelTokens must be >= 0, got " + modelTokens);
    }
    if (modelTokens == 0 ? !Double.isNaN(meanModelEntropy) : !Double.isFinite(meanModelEntropy)) {
      throw new IllegalArgumentException(
          "trajectory '"
              + id
              + "': meanModelEntropy must be "
              + (modelTokens == 0 ? "NaN without MODEL tokens" : "finite")
              + ", got "
              + meanModelEntropy);
    }
  }

  /** The input of a trajectory. O(length). */
  public static AdvantageInput of(Trajectory trajectory) {
    double sum = 0;
    int count = 0;
    boolean first = true;
    for (Segment s : trajectory.segments()) {
      int from = first ? 1 : 0;
      first = false;
      if (s.role() == Role.MODEL) {
        for (int i = from; i < s.length(); i++) {
          sum += s.entropy(i);
          count++;
        }
      }
    }
    return of(
        trajectory.id(),
        trajectory.groupId(),
        trajectory.reward(),
        trajectory.status(),
        sum,
        count);
  }

  /** The inputs of trajectories, in order. */
  public static List<AdvantageInput> ofTrajectories(List<Trajectory> trajectories) {
    List<AdvantageInput> out = new ArrayList<>(trajectories.size());
    for (Trajectory t : trajectories) {
      out.add(of(t));
    }
    return out;
  }

  /**
   * The inputs of a packed tree's trajectories, in leaf order. Entropy sums are taken once per node
   * and then added along each leaf's root path: O(tokens + sum of path lengths in nodes).
   */
  public static List<AdvantageInput> ofTree(PackedTree tree) {
    int nodes = tree.nodeCount();
    double[] sum = new double[nodes];
    int[] count = new int[nodes];
    for (int n = 0; n < nodes; n++) {
      if (tree.nodeRole(n) == Role.MODEL) {
        int to = tree.nodeStart(n) + tree.nodeLength(n);
        for (int t = tree.nodeStart(n) + (tree.nodeParent(n) < 0 ? 1 : 0); t < to; t++) {
          sum[n] += tree.entropy(t);
          count[n]++;
        }
      }
    }
    List<AdvantageInput> out = new ArrayList<>(tree.trajectoryCount());
    for (Leaf leaf : tree.leaves()) {
      double s = 0;
      int c = 0;
      for (int n = leaf.terminalNode(); n >= 0; n = tree.nodeParent(n)) {
        s += sum[n];
        c += count[n];
      }
      out.add(of(leaf, s, c));
    }
    return out;
  }

  /** The inputs of a tree's trajectories, in leaf (insertion) order. */
  public static List<AdvantageInput> ofTree(TrajectoryTree tree) {
    List<AdvantageInput> out = new ArrayList<>(tree.trajectoryCount());
    for (Leaf leaf : tree.leaves()) {
      double s = 0;
      int c = 0;
      for (int node : tree.pathTo(leaf.terminalNode())) {
        if (tree.role(node) == Role.MODEL) {
          for (int i = tree.depth(node) == 0 ? 1 : 0; i < tree.length(node); i++) {
            s += tree.entropy(node, i);
            c++;
          }
        }
      }
      out.add(of(leaf, s, c));
    }
    return out;
  }

  private static AdvantageInput of(Leaf leaf, double entropySum, int count) {
    return of(leaf.id(), leaf.groupId(), leaf.reward(), leaf.status(), entropySum, count);
  }

  private static AdvantageInput of(
      String id,
      String groupId,
      double reward,
      TrajectoryStatus status,
      double entropySum,
      int count) {
    return new AdvantageInput(
        id, groupId, reward, status, count, count == 0 ? Double.NaN : entropySum / count);
  }
}
