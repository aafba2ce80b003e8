package dev.arbor.tasks.sandbox;

import dev.arbor.proto.v1.Limits;
import java.time.Duration;

/**
 * Resource limits for each command a sandbox runs.
 *
 * @param wallClock wall-clock time per command; on expiry the command's whole process tree is
 *     killed and the result is {@link ExecResult.Termination#TIMED_OUT}
 * @param cpuSeconds CPU time per process ({@code RLIMIT_CPU}); a process over it gets {@code
 *     SIGXCPU}
 * @param memoryBytes address space per process ({@code RLIMIT_AS}); allocations beyond it fail
 * @param maxProcesses processes (and threads) per command at once, enforced by a pids cgroup where
 *     the host lets Arbor create one (see {@link Sandbox#processLimitEnforced()})
 * @param outputCapBytes bytes of stdout plus stderr kept per command (head and tail); the rest is
 *     dropped and counted
 * @param maxFileBytes largest file a command may write ({@code RLIMIT_FSIZE})
 */
public record SandboxLimits(
    Duration wallClock,
    long cpuSeconds,
    long memoryBytes,
    int maxProcesses,
    int outputCapBytes,
    long maxFileBytes) {

  /** Smallest output cap: room for a head, a tail and the truncation marker to make sense. */
  public static final int MIN_OUTPUT_CAP = 256;

  public SandboxLimits {
    if (wallClock == null
        || wallClock.toMillis() < 1
        || wallClock.compareTo(Duration.ofDays(1)) > 0)
      throw new IllegalArgumentException(
          "wallClock must be between 1 ms and 1 day, got " + wallClock);
    check("cpuSeconds", cpuSeconds, 1, 86_400);
    check("memoryBytes", memoryBytes, 16L << 20, 1L << 50);
    check("maxProcesses", maxProcesses, 4, 1_000_000);
    check("outputCapBytes", outputCapBytes, MIN_OUTPUT_CAP, 256L << 20);
    check("maxFileBytes", maxFileBytes, 4096, 1L << 50);
  }

  /**
   * Defaults: 60 s wall clock, 60 s CPU, 4 GiB address space, 256 processes, 32 KiB of output, 1
   * GiB per file.
   */
  public static SandboxLimits defaults() {
    return new SandboxLimits(Duration.ofSeconds(60), 60, 4L << 30, 256, 32 << 10, 1L << 30);
  }

  /**
   * These limits with the task's overrides: a {@link Limits} field of 0 keeps the value of {@code
   * this}.
   */
  public SandboxLimits withTaskLimits(Limits task) {
    return new SandboxLimits(
        task.getWallClockTimeoutMs() > 0
            ? Duration.ofMillis(task.getWallClockTimeoutMs())
            : wallClock,
        task.getCpuSeconds() > 0 ? task.getCpuSeconds() : cpuSeconds,
        task.getMemoryBytes() > 0 ? task.getMemoryBytes() : memoryBytes,
        maxProcesses,
        task.getOutputCapBytes() > 0
            ? (int) Math.min(task.getOutputCapBytes(), Integer.MAX_VALUE)
            : outputCapBytes,
        maxFileBytes);
  }

  public SandboxLimits withWallClock(Duration value) {
    return new SandboxLimits(
        value, cpuSeconds, memoryBytes, maxProcesses, outputCapBytes, maxFileBytes);
  }

  public SandboxLimits withCpuSeconds(long value) {
    return new SandboxLimits(
        wallClock, value, memoryBytes, maxProcesses, outputCapBytes, maxFileBytes);
  }

  public SandboxLimits withMaxProcesses(int value) {
    return new SandboxLimits(
        wallClock, cpuSeconds, memoryBytes, value, outputCapBytes, maxFileBytes);
  }

  public SandboxLimits withOutputCapBytes(int value) {
    return new SandboxLimits(wallClock, cpuSeconds, memoryBytes, maxProcesses, value, maxFileBytes);
  }

  public SandboxLimits withMemoryBytes(long value) {
    return new SandboxLimits(
        wallClock, cpuSeconds, value, maxProcesses, outputCapBytes, maxFileBytes);
  }

  private static void check(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          String.format("%s must be between %d and %d, got %d", field, min, max, value));
    }
  }
}
