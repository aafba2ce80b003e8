package dev.arbor.tasks.verify;

import java.io.IOException;
import java.time.Duration;

/**
 * Runs shell commands in one working copy of a task's repository. The verifiers go through this
 * interface only, so the same verification runs unconfined in tests ({@link LocalCommandRunner})
 * and inside the sandbox for agents' work (the sandbox implements this interface).
 */
public interface CommandRunner {
  /**
   * Runs {@code command} with {@code bash -c} in the working copy.
   *
   * @param stdin text fed to the command's standard input (UTF-8); empty for none
   * @param timeout wall-clock limit; on expiry the command's whole process tree is killed and the
   *     result says {@link CommandResult#timedOut()}
   * @throws IOException if the command could not be started at all (an infrastructure failure, not
   *     a failure of the command)
   */
  CommandResult run(String command, String stdin, Duration timeout) throws IOException;

  /**
   * Applies the unified diff {@code patch} (paths with {@code a/}, {@code b/} prefixes) to the
   * working copy, exactly and all or nothing (no fuzz, no offsets; see {@link
   * dev.arbor.tasks.tools.patch.PatchApplier}). Like {@code patch -p1}, the result prints one
   * {@code patching file PATH} line per file; a patch that does not apply exits 1 with the reason
   * on standard error and changes nothing.
   *
   * @throws IOException if the working copy could not be read or written
   */
  CommandResult applyPatch(String patch) throws IOException;

  /** Runs {@code command} without input. */
  default CommandResult run(String command, Duration timeout) throws IOException {
    return run(command, "", timeout);
  }
}
