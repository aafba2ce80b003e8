package dev.arbor.trainer.agent;

import dev.arbor.tree.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An agent episode as text, the trainer's view of a teacher trajectory (the trainer does not see
 * the tasks module; an adapter converts {@code tasks.teacher.TeacherTrajectory} segments into
 * {@link Part}s). {@link EpisodeFormat#tokenize} turns it into tokens.
 *
 * @param taskId the task it solves
 * @param parts what happened after the prompt, in order
 * @param reward the episode's reward (1 for a correct teacher episode)
 */
public record TextEpisode(String taskId, List<Part> parts, double reward) {

  /**
   * One part: its role and text. Roles: {@link Role#MODEL} (free text of a model turn), {@link
   * Role#TOOL_CALL} (the call blocks of a model turn, joined by "\n"), {@link Role#TOOL_RESULT}
   * (the results text of the environment's step).
   */
  public record Part(Role role, String text) {
    public Part {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(text, "text");
      if (role != Role.MODEL && role != Role.TOOL_CALL && role != Role.TOOL_RESULT) {
        throw new IllegalArgumentException(
            "a text episode part is MODEL, TOOL_CALL or TOOL_RESULT, not "
                + role
                + " (the prompt is given separately)");
      }
    }
  }

  /**
   * A model turn and the results it got.
   *
   * @param text free text ("" for none)
   * @param calls call blocks ("" for none)
   * @param results the step's results text, or null when the episode ended with this turn
   */
  public record Turn(String text, String calls, String results) {}

  public TextEpisode {
    Objects.requireNonNull(taskId, "taskId");
    parts = List.copyOf(parts);
    if (Double.isNaN(reward)) {
      throw new IllegalArgumentException("episode of " + taskId + " has a NaN reward");
    }
    turns(taskId, parts);
  }

  /** An episode with reward 1. */
  public static TextEpisode of(String taskId, List<Part> parts) {
    return new TextEpisode(taskId, parts, 1.0);
  }

  /** Its model turns: free text then calls, closed by results or by the end of the episode. */
  public List<Turn> turns() {
    return turns(taskId, parts);
  }

  private static List<Turn> turns(String taskId, List<Part> parts) {
    List<Turn> out = new ArrayList<>();
    String text = null;
    String calls = null;
    for (int i = 0; i < parts.size(); i++) {
      Part p = parts.get(i);
      switch (p.role()) {
        case MODEL -> {
          if (text != null || calls != null) {
            throw bad(taskId, i, "MODEL text must start a turn (after TOOL_RESULT or first)");
          }
          text = p.text();
        }
        case TOOL_CALL -> {
          if (calls != null) {
            throw bad(taskId, i, "two TOOL_CALL parts in one turn; join their blocks");
          }
          calls = p.text();
        }
        case TOOL_RESULT -> {
          if (calls == null) {
            throw bad(taskId, i, "TOOL_RESULT without a TOOL_CALL before it");
          }
          out.add(new Turn(text == null ? "" : text, calls, p.text()));
          text = null;
          calls = null;
        }
        default -> throw new AssertionError(p.role());
      }
    }
    if (text != null || calls != null) {
      out.add(new Turn(text == null ? "" : text, calls == null ? "" : calls, null));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("episode of " + taskId + " has no model turn");
    }
    return out;
  }

  private static IllegalArgumentException bad(String taskId, int part, String why) {
    return new IllegalArgumentException("episode of " + taskId + ", part " + part + ": " + why);
  }
}
