package dev.arbor.tasks.teacher;

import dev.arbor.proto.v1.ToolCall;
import dev.arbor.tasks.ToolCallFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A tool call in a teacher trajectory. Unlike the protobuf {@link ToolCall}, whose map has no
 * defined order, the arguments keep their order, so the rendered text is reproducible.
 *
 * @param id call id, unique within the trajectory ({@code call-1}, {@code call-2}, ...)
 * @param name tool name, e.g. {@code calc}
 * @param arguments arguments by name, in order
 */
public record TeacherCall(String id, String name, Map<String, String> arguments) {
  public TeacherCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
  }

  /** A call with one argument. */
  public static TeacherCall of(String id, String name, String argument, String value) {
    Map<String, String> args = new LinkedHashMap<>();
    args.put(argument, value);
    return new TeacherCall(id, name, args);
  }

  /** The call's text block, as the model emits it ({@link ToolCallFormat#renderCall}). */
  public String rawText() {
    return ToolCallFormat.renderCall(name, arguments);
  }

  /** The protobuf form, with {@code raw_text} set. */
  public ToolCall toProto() {
    return ToolCallFormat.call(id, name, arguments);
  }
}
