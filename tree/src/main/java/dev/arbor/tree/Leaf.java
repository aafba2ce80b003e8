package dev.arbor.tree;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A trajectory as a tree stores it: where it ends and what it carries besides its tokens. The
 * trajectory's tokens are the root path of {@code terminalNode}, cut into segments by {@code
 * segmentLengths}.
 *
 * @param id unique id of the trajectory within its tree
 * @param taskId the task the episode solved
 * @param groupId the rollout group
 * @param reward the verifier's reward
 * @param status how the episode ended
 * @param terminalNode the node whose last token is the trajectory's last token
 * @param segmentLengths lengths of the trajectory's segments, in order
 */
public record Leaf(
    String id,
    String taskId,
    String groupId,
    double reward,
    TrajectoryStatus status,
    int terminalNode,
    int[] segmentLengths) {

  public Leaf {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(status, "status");
    segmentLengths = segmentLengths.clone();
  }

  /** Total number of tokens of the trajectory. */
  public int length() {
    int n = 0;
    for (int l : segmentLengths) {
      n += l;
    }
    return n;
  }

  /** Sum of the lengths of the given trajectories: the tokens flat training processes. */
  public static long totalLength(List<Leaf> leaves) {
    long n = 0;
    for (Leaf leaf : leaves) {
      n += leaf.length();
    }
    return n;
  }

  /** The same trajectory ending at another node id (when a tree is renumbered). */
  public Leaf withTerminalNode(int node) {
    return new Leaf(id, taskId, groupId, reward, status, node, segmentLengths);
  }

  @Override
  public int[] segmentLengths() {
    return segmentLengths.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Leaf l
        && id.equals(l.id)
        && taskId.equals(l.taskId)
        && groupId.equals(l.groupId)
        && Double.compare(reward, l.reward) == 0
        && status == l.status
        && terminalNode == l.terminalNode
        && Arrays.equals(segmentLengths, l.segmentLengths);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, terminalNode, Arrays.hashCode(segmentLengths));
  }
}
