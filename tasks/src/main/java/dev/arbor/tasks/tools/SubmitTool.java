package dev.arbor.tasks.tools;

import java.util.List;

/**
 * {@code submit(answer?)}: ends the episode. For repository tasks the working copy is the
 * submission; for answer tasks (arithmetic) {@code answer} is.
 */
final class SubmitTool implements Tool {
  static final String NAME = "submit";

  private static final ToolSpec SPEC =
      new ToolSpec(
          NAME,
          "Finish the task. For code tasks the current working copy is what gets tested; for"
              + " questions, give the final answer.",
          List.of(ToolSpec.Param.optional("answer", "the final answer, for tasks that ask one")));

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public ToolOutput call(ToolArgs args, ToolContext ctx) throws ToolException {
    if (!ctx.episode().submit(args.get("answer", ""))) {
      throw new ToolException("submit: already submitted; the first submission counts");
    }
    return ToolOutput.ok("submitted");
  }
}
