package dev.arbor.tasks.teacher;

import dev.arbor.proto.v1.ToolResult;
import dev.arbor.tasks.ToolCallFormat;
import dev.arbor.tree.Role;
import java.util.List;
import java.util.Objects;

/**
 * A segment of a teacher trajectory as text, before tokenisation: one {@link Role} and its text.
 * The trainer tokenises the text into a {@code dev.arbor.tree.Segment} of the same role. A {@link
 * Role#TOOL_CALL} segment also carries its calls; its text is exactly their rendered blocks.
 *
 * @param role who produced the text
 * @param text the text
 * @param calls the calls of a TOOL_CALL segment (at least one; several run in parallel); empty for
 *     other roles
 */
public record TextSegment(Role role, String text, List<TeacherCall> calls) {
  public TextSegment {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(text, "text");
    calls = List.copyOf(calls);
    if (role == Role.TOOL_CALL) {
      if (calls.isEmpty()) {
        throw new IllegalArgumentException("a TOOL_CALL segment needs at least one call");
      }
      String expected = render(calls);
      if (!text.equals(expected)) {
        throw new IllegalArgumentException(
            "the text of a TOOL_CALL segment must be its rendered calls: expected "
                + expected
                + " but got "
                + text);
      }
    } else if (!calls.isEmpty()) {
      throw new IllegalArgumentException(role + " segments carry no calls");
    }
  }

  /** A segment of free text (PROMPT, MODEL, TOOL_RESULT, ENV or MEMORY). */
  public static TextSegment text(Role role, String text) {
    return new TextSegment(role, text, List.of());
  }

  /** A TOOL_CALL segment of one turn's calls. */
  public static TextSegment calls(List<TeacherCall> calls) {
    return new TextSegment(Role.TOOL_CALL, render(calls), calls);
  }

  /**
   * A TOOL_RESULT segment: the results of one turn's calls, in order, rendered exactly as the
   * environment shows them to the model ({@link
   * dev.arbor.tasks.tools.ToolCallFormat#renderResults}).
   */
  public static TextSegment results(List<ToolResult> results) {
    return text(Role.TOOL_RESULT, dev.arbor.tasks.tools.ToolCallFormat.renderResults(results));
  }

  private static String render(List<TeacherCall> calls) {
    return ToolCallFormat.joinBlocks(calls.stream().map(TeacherCall::rawText).toList());
  }
}
