package dev.arbor.tasks.teacher;

import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.proto.v1.ToolResult;
import dev.arbor.tasks.tools.Episode;
import dev.arbor.tasks.tools.ToolContext;
import dev.arbor.tasks.tools.ToolRegistry;
import java.io.IOException;

/**
 * Runs a teacher's calls through the agent's own tools ({@link ToolRegistry#call}), so the results
 * in the teacher episode are byte for byte what an agent making the same calls would read. A result
 * that is not OK fails the teacher episode: a teacher must be correct.
 */
public final class RegistryToolResults implements ToolResults {
  private final ToolRegistry tools;
  private final ToolContext context;

  public RegistryToolResults(ToolRegistry tools, ToolContext context) {
    this.tools = tools;
    this.context = context;
  }

  /** The tools {@code task} allows, without a sandbox (tasks such as arithmetic need none). */
  public static RegistryToolResults withoutSandbox(TaskSpec task) {
    return new RegistryToolResults(
        ToolRegistry.standard().forTask(task), ToolContext.withoutSandbox(new Episode()));
  }

  @Override
  public ToolResult result(TeacherCall call) throws IOException {
    return ToolResults.requireOk(call, tools.call(call.toProto(), context));
  }
}
