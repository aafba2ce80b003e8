package dev.arbor.tasks.tools;

import dev.arbor.proto.v1.ToolStatus;

/**
 * What a tool produced; the {@link ToolRegistry} turns it into a {@code ToolResult} with the call's
 * id and the duration.
 */
public record ToolOutput(
    ToolStatus status, String stdout, String stderr, int exitCode, long truncatedBytes) {

  public static ToolOutput ok(String text) {
    return new ToolOutput(ToolStatus.TOOL_STATUS_OK, text, "", 0, 0);
  }

  /** The call failed because of what the agent asked; {@code message} tells it why. */
  public static ToolOutput error(String message) {
    return new ToolOutput(ToolStatus.TOOL_STATUS_ERROR, "", message, 1, 0);
  }

  /** The infrastructure failed; the episode is INFRA_FAILED. */
  public static ToolOutput infraError(String message) {
    return new ToolOutput(ToolStatus.TOOL_STATUS_INFRA_ERROR, "", message, -1, 0);
  }
}
