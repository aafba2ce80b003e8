package dev.arbor.tasks.teacher;

import dev.arbor.proto.v1.ToolResult;
import dev.arbor.proto.v1.ToolStatus;
import dev.arbor.tasks.ToolCallFormat;
import dev.arbor.tasks.verify.CommandResult;
import dev.arbor.tasks.verify.LocalCommandRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs a teacher's tool calls for real in a local working copy (trusted tasks only, no sandbox):
 * {@code read_file} returns the file's text, {@code apply_patch} applies the patch exactly ({@link
 * LocalCommandRunner#applyPatch}) and returns its {@code patching file} lines, {@code run} runs the
 * command and returns its output followed by {@code [exit code N]}. Any failure (a missing file, a
 * patch that does not apply) is an error: a teacher episode must be correct.
 *
 * <p>The result texts follow this class, not yet the tools package (which owns the agent's real
 * tool output); when that lands, teacher episodes should be regenerated through it.
 */
public final class LocalToolResults implements ToolResults {
  private final LocalCommandRunner runner;
  private final Duration timeout;

  public LocalToolResults(LocalCommandRunner runner, Duration timeout) {
    this.runner = runner;
    this.timeout = timeout;
  }

  @Override
  public ToolResult result(TeacherCall call) throws IOException {
    switch (call.name()) {
      case ToolCallFormat.READ_FILE -> {
        String path = call.arguments().getOrDefault(ToolCallFormat.PATH, "");
        Path root = runner.workdir().toAbsolutePath().normalize();
        Path file = root.resolve(path).normalize();
        if (path.isEmpty() || !file.startsWith(root) || !Files.isRegularFile(file)) {
          throw new IOException("read_file: no file '" + path + "' in " + root);
        }
        return ok(call, Files.readString(file, StandardCharsets.UTF_8), 0);
      }
      case ToolCallFormat.APPLY_PATCH -> {
        CommandResult r =
            runner.applyPatch(call.arguments().getOrDefault(ToolCallFormat.PATCH, ""));
        if (!r.ok()) {
          throw new IOException("apply_patch failed: " + r.combinedOutput().strip());
        }
        return ok(call, r.combinedOutput(), 0);
      }
      case ToolCallFormat.RUN -> {
        CommandResult r =
            runner.run(call.arguments().getOrDefault(ToolCallFormat.COMMAND, ""), timeout);
        if (r.timedOut()) {
          throw new IOException("run timed out: " + r.command());
        }
        return ok(call, r.combinedOutput(), r.exitCode()).toBuilder()
            .setStatus(r.exitCode() == 0 ? ToolStatus.TOOL_STATUS_OK : ToolStatus.TOOL_STATUS_ERROR)
            .build();
      }
      default -> throw new IOException("no local result for tool '" + call.name() + "'");
    }
  }

  private static ToolResult ok(TeacherCall call, String stdout, int exitCode) {
    return ToolResult.newBuilder()
        .setCallId(call.id())
        .setToolName(call.name())
        .setStatus(ToolStatus.TOOL_STATUS_OK)
        .setStdout(stdout)
        .setExitCode(exitCode)
        .build();
  }
}
