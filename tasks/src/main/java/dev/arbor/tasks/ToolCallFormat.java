package dev.arbor.tasks;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.arbor.proto.v1.ToolCall;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The text format of tool calls and tool results in a model's context, shared by everything that
 * writes such text (teacher trajectories, prompts) and the parser of the tools package.
 *
 * <p>A model turn may hold several calls (they run in parallel); each is one block:
 *
 * <pre>
 * &lt;tool_call&gt;{"name": "calc", "arguments": {"expr": "12*7"}}&lt;/tool_call&gt;
 * </pre>
 *
 * The block holds one JSON object with a string {@code name} and an object {@code arguments} whose
 * values are strings (the {@link ToolCall#getArgumentsMap()} of the protobuf). Blocks of one turn
 * are separated by a newline. The environment answers with one result block per call, in the order
 * of the calls, rendered by the tools package ({@link
 * dev.arbor.tasks.tools.ToolCallFormat#renderResults}), the one renderer of results.
 *
 * <p>This class only renders calls; parsing (strict, with error results the model can see) belongs
 * to the tools package. {@link #renderCall} writes the JSON exactly as above: keys in the given
 * order, one space after each colon and comma, strings escaped as JSON (so patches with newlines,
 * quotes and CRLF survive), and {@code "</"} inside strings written {@code "<\/"} (an allowed JSON
 * escape), so that {@code </tool_call>} never appears inside a block and the first one after an
 * opening tag always closes it.
 */
public final class ToolCallFormat {
  public static final String CALL_OPEN = "<tool_call>";
  public static final String CALL_CLOSE = "</tool_call>";

  /** Separator between the blocks of one turn. */
  public static final String BLOCK_SEPARATOR = dev.arbor.tasks.tools.ToolCallFormat.BLOCK_SEPARATOR;

  /** Tool names and the names of their arguments, as the teacher trajectories use them. */
  public static final String CALC = "calc";

  public static final String CALC_EXPR = "expr";
  public static final String SUBMIT = "submit";

  /** Argument of {@code submit} for answer-verified suites; code suites submit without one. */
  public static final String SUBMIT_ANSWER = "answer";

  public static final String READ_FILE = "read_file";
  public static final String WRITE_FILE = "write_file";
  public static final String LIST_DIR = "list_dir";
  public static final String PATH = "path";
  public static final String CONTENT = "content";
  public static final String APPLY_PATCH = "apply_patch";
  public static final String PATCH = "patch";
  public static final String RUN = "run";
  public static final String COMMAND = "cmd";

  private ToolCallFormat() {}

  /** One call block: {@code <tool_call>{"name": ..., "arguments": {...}}</tool_call>}. */
  public static String renderCall(String name, Map<String, String> arguments) {
    Objects.requireNonNull(name, "name");
    StringBuilder sb = new StringBuilder(CALL_OPEN).append("{\"name\": ");
    quote(sb, name).append(", \"arguments\": {");
    boolean first = true;
    for (Map.Entry<String, String> e : arguments.entrySet()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      quote(sb, e.getKey()).append(": ");
      quote(sb, Objects.requireNonNull(e.getValue(), () -> "argument " + e.getKey()));
    }
    return sb.append("}}").append(CALL_CLOSE).toString();
  }

  /**
   * A {@link ToolCall} whose {@code raw_text} is its rendered block. {@code arguments} keep their
   * iteration order in the text.
   */
  public static ToolCall call(String callId, String name, Map<String, String> arguments) {
    return ToolCall.newBuilder()
        .setCallId(callId)
        .setToolName(name)
        .putAllArguments(arguments)
        .setRawText(renderCall(name, arguments))
        .build();
  }

  /** A call with one argument. */
  public static ToolCall call(String callId, String name, String argument, String value) {
    Map<String, String> args = new LinkedHashMap<>();
    args.put(argument, value);
    return call(callId, name, args);
  }

  /** The call blocks of one turn, joined by {@link #BLOCK_SEPARATOR}. */
  public static String joinBlocks(List<String> blocks) {
    return String.join(BLOCK_SEPARATOR, blocks);
  }

  private static StringBuilder quote(StringBuilder sb, String s) {
    StringBuilder q = new StringBuilder(s.length() + 8);
    JsonStringEncoder.getInstance().quoteAsString(s, q);
    // "</" as "<\/" (the same string in JSON): the closing tag can never occur inside the JSON.
    return sb.append('"').append(q.toString().replace("</", "<\\/")).append('"');
  }
}
