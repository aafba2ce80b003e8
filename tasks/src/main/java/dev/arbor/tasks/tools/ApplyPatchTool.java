package dev.arbor.tasks.tools;

import dev.arbor.tasks.tools.patch.PatchApplier;
import dev.arbor.tasks.tools.patch.PatchException;
import java.io.IOException;
import java.util.List;

/**
 * {@code apply_patch(patch)}: a unified diff applied to the working copy, all or nothing (see
 * {@link PatchApplier} for the exact rules).
 */
final class ApplyPatchTool implements Tool {
  static final String NAME = "apply_patch";

  private static final ToolSpec SPEC =
      new ToolSpec(
          NAME,
          "Apply a unified diff (as from `git diff`) to the working copy: several files, new files"
              + " (--- /dev/null) and deleted files (+++ /dev/null) allowed. Context and removed"
              + " lines must match the file exactly; nothing is changed unless every hunk applies.",
          List.of(ToolSpec.Param.required("patch", "the unified diff text")));

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public ToolOutput call(ToolArgs args, ToolContext ctx) throws ToolException, IOException {
    try {
      PatchApplier.Summary s =
          PatchApplier.apply(args.get("patch"), ctx.requireSandbox(NAME).workspace());
      return ToolOutput.ok("patch applied: " + s);
    } catch (PatchException e) {
      throw new ToolException("apply_patch: " + e.getMessage() + "; nothing was changed");
    }
  }
}
