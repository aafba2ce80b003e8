package dev.arbor.app.run;

import java.util.List;
import java.util.Objects;

/**
 * A trajectory (or a rollout tree of one task) for display: its nodes as a tree, each node one
 * segment of text with its role ({@code PROMPT}, {@code MODEL}, {@code TOOL_CALL}, {@code
 * TOOL_RESULT}, {@code ENV}, {@code MEMORY}). Text only; token-level data stays in the tree files.
 *
 * @param id trajectory or tree id
 * @param task task id
 * @param reward reward (NaN when not scored)
 * @param status {@code OK}, {@code TRUNCATED}, {@code INFRA_FAILED}, ...
 * @param nodes nodes, parents before children
 */
public record TrajectoryView(
    String id, String task, double reward, String status, List<Node> nodes) {

  /**
   * One segment.
   *
   * @param id node id, unique within the trajectory
   * @param parent parent id, or null for a root
   * @param role segment role
   * @param text decoded text
   */
  public record Node(String id, String parent, String role, String text) {
    public Node {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(role, "role");
      text = text == null ? "" : text;
    }
  }

  public TrajectoryView {
    Objects.requireNonNull(id, "id");
    task = task == null ? "" : task;
    status = status == null ? "" : status;
    nodes = List.copyOf(nodes);
  }
}
