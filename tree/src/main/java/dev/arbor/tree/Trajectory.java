package dev.arbor.tree;

import java.util.List;
import java.util.Objects;

/**
 * One agent episode: its segments in order, the task and group it belongs to, its reward and how it
 * ended. Immutable.
 *
 * @param id unique id of the trajectory within its tree
 * @param taskId the task the episode solved
 * @param groupId the rollout group (the G samples of one task that share a prompt)
 * @param segments the segments in order; at least one
 * @param reward the verifier's reward
 * @param status how the episode ended
 */
public record Trajectory(
    String id,
    String taskId,
    String groupId,
    List<Segment> segments,
    double reward,
    TrajectoryStatus status) {

  public Trajectory {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(status, "status");
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("trajectory " + id + " has no segments");
    }
    if (Double.isNaN(reward)) {
      throw new IllegalArgumentException("trajectory " + id + " has a NaN reward");
    }
  }

  /** Total number of tokens over all segments. */
  public int length() {
    int n = 0;
    for (Segment s : segments) {
      n += s.length();
    }
    return n;
  }

  /** Number of tokens the policy generated. */
  public int generatedLength() {
    int n = 0;
    for (Segment s : segments) {
      if (s.role().generated()) {
        n += s.length();
      }
    }
    return n;
  }
}
