package dev.arbor.tasks.sandbox;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A private working copy of a task's repository and a way to run commands in it under limits: the
 * place where one episode's tool calls happen.
 *
 * <p>Each command runs in its own process group with the sandbox's {@link SandboxLimits}, a
 * scrubbed environment ({@code PATH}, {@code HOME} = the working copy, {@code LANG}, {@code
 * LC_ALL}, {@code TERM}, {@code TMPDIR} and nothing else of the host's) and stdin at end of file.
 * When the command's main process ends, or its wall clock runs out, every process it started is
 * killed, so nothing of one command runs on into the next. Several commands may run at once
 * (parallel tool calls of one turn); file access through {@link #workspace()} waits until no
 * command runs, so a command cannot swap a directory for a symbolic link while a file tool checks a
 * path.
 *
 * <p>Methods throw {@link dev.arbor.tasks.InfraFailure} when the sandbox itself fails (a process
 * could not start, the isolation tool refused), never for what a command does.
 */
public interface Sandbox extends AutoCloseable {

  /** Unique id of this sandbox on this host (also the name of its folder). */
  String id();

  /** The working copy: the only place commands (under bubblewrap) and file tools may write. */
  Path workDir();

  /** The isolation this sandbox runs commands under. */
  Isolation isolation();

  /** The limits each command runs under. */
  SandboxLimits limits();

  /**
   * True when {@link SandboxLimits#maxProcesses()} is enforced (a pids cgroup, or {@code
   * RLIMIT_NPROC} for a non-root user). When false a fork bomb is bounded only by the wall clock.
   */
  boolean processLimitEnforced();

  /**
   * True when every process a command starts is killed with it, including processes that left its
   * process group and session ({@code setsid}, double fork): true under a pid namespace
   * (bubblewrap, unshare) or a pids cgroup.
   */
  boolean containsEscapedProcesses();

  /** Runs a shell command ({@code /bin/sh -c}) in the working copy with {@link #limits()}. */
  default ExecResult exec(String command) {
    return exec(command, limits().wallClock());
  }

  /**
   * Runs a shell command with its own wall-clock limit instead of {@code limits().wallClock()}; the
   * other limits stay. Callers that take the value from a model (the {@code run} tool) cap it.
   */
  default ExecResult exec(String command, Duration wallClock) {
    return exec(command, wallClock, limits().outputCapBytes());
  }

  /**
   * Runs a shell command with its own wall-clock limit and output cap (the verifier keeps whole
   * test logs, which a model never sees).
   */
  ExecResult exec(String command, Duration wallClock, int outputCapBytes);

  /** File access confined to the working copy. */
  Workspace workspace();

  /**
   * Kills every running command's process tree and deletes the working copy. Idempotent; later
   * calls of other methods throw {@link IllegalStateException}.
   */
  @Override
  void close();
}
