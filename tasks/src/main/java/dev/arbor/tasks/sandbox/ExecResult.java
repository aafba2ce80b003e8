package dev.arbor.tasks.sandbox;

import java.time.Duration;

/**
 * What one command in a sandbox did.
 *
 * @param exitCode the command's exit code (128 + signal number when a signal ended it); -1 when it
 *     was killed by the sandbox
 * @param stdout standard output, UTF-8 (invalid bytes replaced), capped: head and tail kept around
 *     a line {@code [... arbor: N bytes of stdout truncated ...]}
 * @param stderr standard error, capped like stdout
 * @param truncatedBytes bytes of stdout plus stderr dropped by the cap
 * @param duration wall-clock time from start to the end of the last output
 * @param termination how the command ended
 * @param peakProcesses most processes the command had at once, where a pids cgroup measured it; -1
 *     when unknown
 */
public record ExecResult(
    int exitCode,
    String stdout,
    String stderr,
    long truncatedBytes,
    Duration duration,
    Termination termination,
    int peakProcesses) {

  /** How a command ended. */
  public enum Termination {
    /** It exited by itself (any exit code). */
    EXITED,
    /** It ran past its wall-clock limit; its process tree was killed. */
    TIMED_OUT,
    /** A process of it ran past the CPU-time limit and got {@code SIGXCPU} (exit code 152). */
    CPU_LIMIT,
    /** The sandbox was closed while it ran; its process tree was killed. */
    KILLED
  }

  /** Exit code of a shell whose command was ended by {@code SIGXCPU} (128 + 24). */
  public static final int SIGXCPU_EXIT = 152;

  /** True when the command exited by itself with code 0. */
  public boolean ok() {
    return termination == Termination.EXITED && exitCode == 0;
  }
}
