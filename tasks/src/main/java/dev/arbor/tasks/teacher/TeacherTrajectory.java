package dev.arbor.tasks.teacher;

import dev.arbor.tasks.ToolCallFormat;
import dev.arbor.tree.Role;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A reference episode for one task: a correct multi-turn solution as text segments (prompt, model
 * text, tool calls, tool results, ..., a final {@code submit}). Used for supervised warm-up, as the
 * ground truth of {@link RelativeReward} and as the path {@link DeviationMonitor} compares rollouts
 * with (RFT, DESIGN.md §7).
 *
 * @param taskId the task it solves
 * @param suite the task's suite
 * @param origin how it was made: {@value #GENERATED} (from a generator's worked solution) or
 *     {@value #GOLD_PATCH} (an apply_patch episode derived from the gold patch), or a free label
 *     for recorded agent runs
 * @param segments the segments in order; the first is the PROMPT
 */
public record TeacherTrajectory(
    String taskId, String suite, String origin, List<TextSegment> segments) {
  public static final String GENERATED = "generated";
  public static final String GOLD_PATCH = "gold_patch";

  public TeacherTrajectory {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(origin, "origin");
    segments = List.copyOf(segments);
    if (segments.isEmpty() || segments.get(0).role() != Role.PROMPT) {
      throw new IllegalArgumentException(
          "teacher trajectory of " + taskId + " must start with a PROMPT segment");
    }
    Set<String> ids = new HashSet<>();
    for (TextSegment s : segments) {
      for (TeacherCall c : s.calls()) {
        if (!ids.add(c.id())) {
          throw new IllegalArgumentException(
              "teacher trajectory of " + taskId + " uses call id " + c.id() + " twice");
        }
      }
    }
  }

  /** Every tool call, in order (the calls of one turn in their order within the turn). */
  public List<TeacherCall> toolCalls() {
    List<TeacherCall> out = new ArrayList<>();
    segments.forEach(s -> out.addAll(s.calls()));
    return out;
  }

  /** The patches of its {@code apply_patch} calls, in order: the teacher's edits. */
  public List<String> patches() {
    return toolCalls().stream()
        .filter(c -> c.name().equals(ToolCallFormat.APPLY_PATCH))
        .map(c -> c.arguments().getOrDefault(ToolCallFormat.PATCH, ""))
        .toList();
  }

  /** The answer of its last {@code submit} call, or "" if it has none. */
  public String submittedAnswer() {
    List<TeacherCall> calls = toolCalls();
    for (int i = calls.size() - 1; i >= 0; i--) {
      if (calls.get(i).name().equals(ToolCallFormat.SUBMIT)) {
        return calls.get(i).arguments().getOrDefault(ToolCallFormat.SUBMIT_ANSWER, "");
      }
    }
    return "";
  }

  /** Number of model turns (TOOL_CALL segments). */
  public int turns() {
    return (int) segments.stream().filter(s -> s.role() == Role.TOOL_CALL).count();
  }
}
