package dev.arbor.tasks.verify;

/**
 * How one shell command ended.
 *
 * @param command the command as given
 * @param exitCode its exit code; -1 when it was killed on timeout
 * @param stdout standard output, decoded as UTF-8 (invalid bytes replaced), possibly cut
 * @param stderr standard error, likewise
 * @param timedOut whether it hit its wall-clock limit and its process tree was killed
 * @param durationMs wall-clock time it took
 */
public record CommandResult(
    String command, int exitCode, String stdout, String stderr, boolean timedOut, long durationMs) {

  /** Whether it exited with 0 in time. */
  public boolean ok() {
    return exitCode == 0 && !timedOut;
  }

  /** Standard output, then standard error: the text test-log parsers read. */
  public String combinedOutput() {
    if (stderr.isEmpty()) {
      return stdout;
    }
    return stdout.isEmpty() || stdout.endsWith("\n") ? stdout + stderr : stdout + "\n" + stderr;
  }
}
