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

  /** Runs {@code command} without input. */
  default CommandResult run(String command, Duration timeout) throws IOException {
    return run(command, "", timeout);
  }
}
