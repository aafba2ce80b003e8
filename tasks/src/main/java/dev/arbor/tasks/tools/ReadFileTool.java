package dev.arbor.tasks.tools;

import dev.arbor.proto.v1.ToolStatus;
import dev.arbor.tasks.sandbox.Sandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code read_file(path, start_line?, end_line?)}: a text file of the working copy, verbatim, or a
 * range of its lines (1-based, inclusive). Output beyond the task's cap is cut at a line boundary
 * with a note saying which lines were shown.
 */
final class ReadFileTool implements Tool {
  static final String NAME = "read_file";

  private static final ToolSpec SPEC =
      new ToolSpec(
          NAME,
          "Read a text file of the working copy, or lines start_line..end_line of it (1-based,"
              + " inclusive).",
          List.of(
              ToolSpec.Param.required("path", "path relative to the working copy, e.g. src/app.py"),
              ToolSpec.Param.optional("start_line", "first line to show (default 1)"),
              ToolSpec.Param.optional("end_line", "last line to show (default: the end)")));

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public ToolOutput call(ToolArgs args, ToolContext ctx) throws ToolException, IOException {
    Sandbox sandbox = ctx.requireSandbox(NAME);
    String path = args.get("path");
    byte[] bytes = sandbox.workspace().read(path);
    for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
      if (bytes[i] == 0) {
        throw new ToolException(
            "read_file: '" + path + "' is a binary file (" + bytes.length + " bytes); not shown");
      }
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    // Split on \n only: a \r of a CRLF file stays part of its line, as apply_patch expects.
    List<String> lines = List.of(text.split("\n", -1));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines = lines.subList(0, lines.size() - 1);
    }
    int total = lines.size();
    long start = args.getLong("start_line", 1, Math.max(1, total), 1);
    long end = args.getLong("end_line", start, Long.MAX_VALUE, total);
    end = Math.min(end, total);
    boolean whole = start == 1 && end == total;
    String shown =
        whole ? text : String.join("\n", lines.subList((int) start - 1, (int) end)) + "\n";
    int cap = sandbox.limits().outputCapBytes();
    byte[] out = shown.getBytes(StandardCharsets.UTF_8);
    if (out.length <= cap) {
      return ToolOutput.ok(total == 0 ? "" : shown);
    }
    StringBuilder b = new StringBuilder();
    long line = start;
    int used = 0;
    for (String l : lines.subList((int) start - 1, (int) end)) {
      int n = l.getBytes(StandardCharsets.UTF_8).length + 1;
      if (used + n > cap - 200) {
        break;
      }
      b.append(l).append('\n');
      used += n;
      line++;
    }
    b.append(
        String.format(
            "[... arbor: output cap reached; shown lines %d-%d of %d; read on with start_line=%d"
                + " ...]%n",
            start, line - 1, total, line));
    return new ToolOutput(
        ToolStatus.TOOL_STATUS_OUTPUT_TRUNCATED, b.toString(), "", 0, out.length - used);
  }
}
