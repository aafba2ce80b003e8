package dev.arbor.tasks.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code write_file(path, content)}: creates or replaces a file (parent folders are created). */
final class WriteFileTool implements Tool {
  static final String NAME = "write_file";

  private static final ToolSpec SPEC =
      new ToolSpec(
          NAME,
          "Create or overwrite a file of the working copy with the given content (UTF-8);"
              + " missing parent folders are created.",
          List.of(
              ToolSpec.Param.required("path", "path relative to the working copy"),
              ToolSpec.Param.required("content", "the complete new content of the file")));

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public ToolOutput call(ToolArgs args, ToolContext ctx) throws IOException {
    byte[] content = args.get("content").getBytes(StandardCharsets.UTF_8);
    ctx.requireSandbox(NAME).workspace().write(args.get("path"), content);
    return ToolOutput.ok("wrote " + content.length + " bytes to " + args.get("path"));
  }
}
