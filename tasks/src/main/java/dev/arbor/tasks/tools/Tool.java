package dev.arbor.tasks.tools;

import java.io.IOException;

/**
 * One tool the agent can call. Implementations are stateless; per-episode state lives in the {@link
 * ToolContext}. The {@link ToolRegistry} checks argument names against {@link #spec()} before
 * calling.
 */
public interface Tool {

  ToolSpec spec();

  /**
   * Runs the call.
   *
   * @throws ToolException for mistakes of the agent (becomes an ERROR result with the message)
   * @throws IOException for file errors the agent caused, such as a missing file or a path outside
   *     the working copy (also an ERROR result)
   */
  ToolOutput call(ToolArgs args, ToolContext ctx) throws ToolException, IOException;
}
