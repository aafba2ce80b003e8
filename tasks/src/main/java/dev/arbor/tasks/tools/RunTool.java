package dev.arbor.tasks.tools;

import dev.arbor.proto.v1.ToolStatus;
import dev.arbor.tasks.sandbox.ExecResult;
import dev.arbor.tasks.sandbox.Sandbox;
import java.time.Duration;
import java.util.List;

/**
 * {@code run(cmd, timeout_s?)}: a shell command in the working copy. Status: TIMEOUT when the wall
 * clock or CPU limit ended it, ERROR for a non-zero exit, OUTPUT_TRUNCATED when it succeeded but
 * its output was cut, else OK.
 */
final class RunTool implements Tool {
  static final String NAME = "run";

  private static final ToolSpec SPEC =
      new ToolSpec(
          NAME,
          "Run a shell command (/bin/sh -c) in the repository's working copy and return its exit"
              + " code, stdout and stderr. No network, no stdin; long output is cut in the middle.",
          List.of(
              ToolSpec.Param.required("cmd", "the shell command, e.g. \"python -m pytest -q\""),
              ToolSpec.Param.optional(
                  "timeout_s",
                  "seconds before the command is killed (default: the task's limit)")));

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public ToolOutput call(ToolArgs args, ToolContext ctx) throws ToolException {
    Sandbox sandbox = ctx.requireSandbox(NAME);
    String cmd = args.get("cmd");
    if (cmd.isBlank()) {
      throw new ToolException("run: 'cmd' is empty; give a shell command");
    }
    long limit = Math.max(1, sandbox.limits().wallClock().toSeconds());
    long timeout = args.getLong("timeout_s", 1, limit, limit);
    ExecResult r =
        sandbox.exec(
            cmd, timeout == limit ? sandbox.limits().wallClock() : Duration.ofSeconds(timeout));
    return switch (r.termination()) {
      case TIMED_OUT, KILLED ->
          new ToolOutput(
              ToolStatus.TOOL_STATUS_TIMEOUT,
              r.stdout(),
              r.stderr()
                  + String.format(
                      "%n[arbor: timed out after %d s; the command and its processes were killed]%n",
                      timeout),
              r.exitCode(),
              r.truncatedBytes());
      case CPU_LIMIT ->
          new ToolOutput(
              ToolStatus.TOOL_STATUS_TIMEOUT,
              r.stdout(),
              r.stderr()
                  + String.format(
                      "%n[arbor: CPU time limit of %d s reached; the process was stopped]%n",
                      sandbox.limits().cpuSeconds()),
              r.exitCode(),
              r.truncatedBytes());
      case EXITED ->
          new ToolOutput(
              r.exitCode() != 0
                  ? ToolStatus.TOOL_STATUS_ERROR
                  : r.truncatedBytes() > 0
                      ? ToolStatus.TOOL_STATUS_OUTPUT_TRUNCATED
                      : ToolStatus.TOOL_STATUS_OK,
              r.stdout(),
              r.stderr(),
              r.exitCode(),
              r.truncatedBytes());
    };
  }
}
