package dev.arbor.tasks.tools;

import dev.arbor.tasks.sandbox.Workspace;
import java.io.IOException;
import java.util.List;

/**
 * {@code list_dir(path?, depth?)}: entries of a folder of the working copy, folders with a trailing
 * {@code /}, links as {@code name -> target}; {@code .git} is shown but not entered.
 */
final class ListDirTool implements Tool {
  static final String NAME = "list_dir";
  static final int MAX_ENTRIES = 500;

  private static final ToolSpec SPEC =
      new ToolSpec(
          NAME,
          "List a folder of the working copy (default: its top), depth levels deep (1 to 5,"
              + " default 1). Folders end with /.",
          List.of(
              ToolSpec.Param.optional("path", "folder relative to the working copy (default .)"),
              ToolSpec.Param.optional("depth", "levels to list, 1 to 5 (default 1)")));

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public ToolOutput call(ToolArgs args, ToolContext ctx) throws ToolException, IOException {
    int depth = (int) args.getLong("depth", 1, 5, 1);
    Workspace.Listing l =
        ctx.requireSandbox(NAME).workspace().list(args.get("path", "."), depth, MAX_ENTRIES);
    StringBuilder b = new StringBuilder();
    for (Workspace.Entry e : l.entries()) {
      b.append(e.path());
      switch (e.type()) {
        case DIRECTORY -> b.append('/');
        case SYMLINK -> b.append(" -> ").append(e.linkTarget());
        default -> {}
      }
      b.append('\n');
    }
    if (l.omitted() > 0) {
      b.append(String.format("[... %d more entries not shown ...]%n", l.omitted()));
    }
    if (l.entries().isEmpty()) {
      b.append("(empty folder)\n");
    }
    return ToolOutput.ok(b.toString());
  }
}
