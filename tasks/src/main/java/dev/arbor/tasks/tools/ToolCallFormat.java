package dev.arbor.tasks.tools;

import dev.arbor.proto.v1.ToolResult;
import dev.arbor.proto.v1.ToolStatus;
import java.util.List;
import java.util.Locale;

/**
 * The text side of tool use: the instructions a prompt gives the model, and how a {@link
 * ToolResult} is shown to it in the next turn. The format itself is documented in the package
 * documentation and read by {@link ToolCallParser}.
 */
public final class ToolCallFormat {
  /** Separator between the blocks of one turn: the calls a model writes, the results it gets. */
  public static final String BLOCK_SEPARATOR = "\n";

  private ToolCallFormat() {}

  /** Instructions for the model: the call format and the tools with their arguments. */
  public static String instructions(List<ToolSpec> tools) {
    StringBuilder b = new StringBuilder();
    b.append("To use a tool, write a tool call block:\n")
        .append(ToolCallParser.OPEN)
        .append("{\"name\": \"TOOL\", \"arguments\": {\"ARG\": \"VALUE\"}}")
        .append(ToolCallParser.CLOSE)
        .append(
            "\nThe block holds one JSON object with exactly the keys \"name\" and \"arguments\";"
                + " argument values are JSON strings (escape newlines as \\n). Several blocks in"
                + " one reply run in parallel; their results come back in the same order.\n\n")
        .append("Tools:\n");
    for (ToolSpec t : tools) {
      b.append("- ").append(t.signature()).append(": ").append(t.description()).append('\n');
      for (ToolSpec.Param p : t.params()) {
        b.append("    ")
            .append(p.name())
            .append(p.required() ? "" : " (optional)")
            .append(": ")
            .append(p.description())
            .append('\n');
      }
    }
    return b.toString();
  }

  /**
   * Short instructions for suites whose task texts say what to do with the tools: the signatures
   * and the call format with an example of the first tool other than {@code submit}, without the
   * descriptions:
   *
   * <pre>
   * Tools: calc(expr), submit(answer?).
   * Call: &lt;tool_call&gt;{"name": "calc", "arguments": {"expr": "VALUE"}}&lt;/tool_call&gt;
   * (several in one reply run in parallel)
   * </pre>
   */
  public static String compactInstructions(List<ToolSpec> tools) {
    if (tools.stream().allMatch(t -> t.name().equals(SubmitTool.NAME))) {
      throw new IllegalArgumentException("compact instructions need a tool other than submit");
    }
    StringBuilder b = new StringBuilder("Tools: ");
    for (int i = 0; i < tools.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(tools.get(i).signature());
    }
    ToolSpec first =
        tools.stream().filter(t -> !t.name().equals(SubmitTool.NAME)).findFirst().orElseThrow();
    String arg = first.params().isEmpty() ? "ARG" : first.params().get(0).name();
    return b.append(".\nCall: ")
        .append(ToolCallParser.OPEN)
        .append("{\"name\": \"")
        .append(first.name())
        .append("\", \"arguments\": {\"")
        .append(arg)
        .append("\": \"VALUE\"}}")
        .append(ToolCallParser.CLOSE)
        .append("\n(several in one reply run in parallel)\n")
        .toString();
  }

  /**
   * A result as the model sees it:
   *
   * <pre>
   * &lt;tool_result name="run" status="error" exit_code="1"&gt;
   * ...stdout...
   * [stderr]
   * ...stderr...
   * &lt;/tool_result&gt;
   * </pre>
   */
  public static String render(ToolResult r) {
    StringBuilder b = new StringBuilder("<tool_result");
    b.append(" name=\"").append(r.getToolName()).append('"');
    b.append(" status=\"").append(status(r.getStatus())).append('"');
    if (r.getToolName().equals(RunTool.NAME)) {
      b.append(" exit_code=\"").append(r.getExitCode()).append('"');
    }
    b.append(">\n");
    b.append(r.getStdout());
    if (!r.getStdout().isEmpty() && !r.getStdout().endsWith("\n")) {
      b.append('\n');
    }
    if (!r.getStderr().isEmpty()) {
      b.append("[stderr]\n").append(r.getStderr());
      if (!r.getStderr().endsWith("\n")) {
        b.append('\n');
      }
    }
    return b.append("</tool_result>").toString();
  }

  /**
   * The text of one step's results as the model sees it after its turn: one {@link #render} block
   * per call, in the order of the calls, joined by {@link #BLOCK_SEPARATOR}. Environments, their
   * adapters and teacher episodes all write a step's results with this method, so a teacher's
   * TOOL_RESULT text equals what the real environment returns for the same calls.
   */
  public static String renderResults(List<ToolResult> results) {
    return String.join(BLOCK_SEPARATOR, results.stream().map(ToolCallFormat::render).toList());
  }

  private static String status(ToolStatus s) {
    String n = s.name().replace("TOOL_STATUS_", "").toLowerCase(Locale.ROOT);
    return n.equals("infra_error") ? "infra_error" : n;
  }
}
