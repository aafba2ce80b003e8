package dev.arbor.tasks.sandbox;

import dev.arbor.tasks.InfraFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link Sandbox} whose commands are host processes, isolated by bubblewrap or unshare where
 * available (see {@link Isolation}). Made by {@link ProcessSandboxFactory}.
 *
 * <p>Cleanup of one command: on timeout or close the sandbox process is killed (under a pid
 * namespace that takes every process of the command with it), then every process left in the
 * command's pids cgroup, or, without a cgroup and without a pid namespace, every process still in
 * the command's session. After a normal exit the same sweep removes what the command left running
 * in the background.
 */
final class ProcessSandbox implements Sandbox {
  /** Processes of the sandbox itself in a command's cgroup (bwrap and its init), at most. */
  static final int SANDBOX_PROCESSES = 2;

  /** Time given to output readers after the process tree is gone. */
  private static final long DRAIN_GRACE_MS = 2000;

  private final String id;
  private final Path dir;
  private final Path workDir;
  private final Isolation isolation;
  private final SandboxLimits limits;
  private final CommandLauncher launcher;
  private final PidsCgroup cgroups;
  private final boolean processLimitEnforced;
  private final ExecutorService io;
  private final Runnable onClose;
  private final Workspace workspace;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Set<Process> running = ConcurrentHashMap.newKeySet();
  private final AtomicLong commands = new AtomicLong();
  private volatile boolean closed;

  ProcessSandbox(
      String id,
      Path dir,
      Path workDir,
      Isolation isolation,
      SandboxLimits limits,
      CommandLauncher launcher,
      PidsCgroup cgroups,
      boolean processLimitEnforced,
      ExecutorService io,
      Runnable onClose)
      throws IOException {
    this.id = id;
    this.dir = dir;
    this.workDir = workDir;
    this.isolation = isolation;
    this.limits = limits;
    this.launcher = launcher;
    this.cgroups = cgroups;
    this.processLimitEnforced = processLimitEnforced;
    this.io = io;
    this.onClose = onClose;
    this.workspace = new LocalWorkspace(workDir, lock.writeLock());
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Path workDir() {
    return workDir;
  }

  @Override
  public Isolation isolation() {
    return isolation;
  }

  @Override
  public SandboxLimits limits() {
    return limits;
  }

  @Override
  public boolean processLimitEnforced() {
    return processLimitEnforced;
  }

  @Override
  public boolean containsEscapedProcesses() {
    return cgroups != null || isolation.isolatesNetworkAndProcesses();
  }

  @Override
  public Workspace workspace() {
    ensureOpen();
    return workspace;
  }

  @Override
  public ExecResult exec(String command, Duration wallClock, int outputCapBytes) {
    Objects.requireNonNull(command, "command");
    if (wallClock == null || wallClock.isNegative() || wallClock.isZero()) {
      throw new IllegalArgumentException("wallClock must be positive, got " + wallClock);
    }
    if (outputCapBytes < SandboxLimits.MIN_OUTPUT_CAP) {
      throw new IllegalArgumentException(
          "outputCapBytes must be at least "
              + SandboxLimits.MIN_OUTPUT_CAP
              + ", got "
              + outputCapBytes);
    }
    lock.readLock().lock();
    try {
      ensureOpen();
      return run(command, wallClock, outputCapBytes, List.of());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** {@link #exec(String, Duration)} with host paths made visible read-only (bubblewrap). */
  ExecResult execSeeing(String command, Duration wallClock, List<Path> readOnly) {
    lock.readLock().lock();
    try {
      ensureOpen();
      return run(command, wallClock, limits.outputCapBytes(), readOnly);
    } finally {
      lock.readLock().unlock();
    }
  }

  private ExecResult run(String command, Duration wallClock, int cap, List<Path> readOnly) {
    long t0 = System.nanoTime();
    PidsCgroup.Command cg = null;
    if (cgroups != null) {
      try {
        cg =
            cgroups.create(
                id + "-" + commands.incrementAndGet(), limits.maxProcesses() + SANDBOX_PROCESSES);
      } catch (IOException e) {
        throw new InfraFailure("sandbox " + id + ": cannot create the command's cgroup: " + e, e);
      }
    }
    Process p;
    try {
      p = launcher.start(command, limits, cg == null ? null : cg.procsFile(), readOnly);
    } catch (IOException e) {
      if (cg != null) {
        cg.remove();
      }
      throw new InfraFailure("sandbox " + id + ": cannot start a process: " + e.getMessage(), e);
    }
    running.add(p);
    if (closed) {
      // close() ran between start and add, so it did not see this process.
      killTree(p, cg);
    }
    try {
      OutputCapture out = new OutputCapture(cap);
      OutputCapture err = new OutputCapture(cap);
      Future<?> outReader = io.submit(() -> drainQuietly(p.getInputStream(), out));
      Future<Boolean> errReader = io.submit(() -> readMarkerThenDrain(p.getErrorStream(), err));
      ExecResult.Termination termination = ExecResult.Termination.EXITED;
      if (!p.waitFor(wallClock.toNanos(), TimeUnit.NANOSECONDS)) {
        termination = closed ? ExecResult.Termination.KILLED : ExecResult.Termination.TIMED_OUT;
      } else if (closed && p.exitValue() == 137) {
        termination = ExecResult.Termination.KILLED;
      }
      killTree(p, cg);
      p.waitFor(DRAIN_GRACE_MS, TimeUnit.MILLISECONDS);
      awaitReader(outReader, p.getInputStream());
      boolean started = awaitMarker(errReader, p.getErrorStream());
      int exit = p.isAlive() ? -1 : p.exitValue();
      if (termination != ExecResult.Termination.EXITED) {
        exit = -1;
      } else if (exit == ExecResult.SIGXCPU_EXIT) {
        termination = ExecResult.Termination.CPU_LIMIT;
      }
      if (!started && termination == ExecResult.Termination.EXITED) {
        throw new InfraFailure(
            String.format(
                "sandbox %s (%s): the command did not start (exit %d): %s",
                id, isolation, exit, err.render(2048, "stderr").text().strip()));
      }
      int[] budget = OutputCapture.split(out, err, cap);
      OutputCapture.Rendered o = out.render(budget[0], "stdout");
      OutputCapture.Rendered e = err.render(budget[1], "stderr");
      return new ExecResult(
          exit,
          o.text(),
          e.text(),
          o.droppedBytes() + e.droppedBytes(),
          Duration.ofNanos(System.nanoTime() - t0),
          termination,
          cg == null ? -1 : cg.peak());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killTree(p, cg);
      throw new InfraFailure("sandbox " + id + ": interrupted while a command ran", e);
    } finally {
      running.remove(p);
      if (cg != null) {
        cg.remove();
      }
    }
  }

  /**
   * Kills the command's process tree: the sandbox process and its descendants, then whatever is
   * left in the cgroup, or (no cgroup, no pid namespace) in the command's session.
   */
  private void killTree(Process p, PidsCgroup.Command cg) {
    if (p.isAlive()) {
      // Children first would let the main process run on for a moment (e.g. print after a killed
      // `sleep`); the main process first would reparent its children out of reach. So: list,
      // kill the main process, kill the list.
      List<ProcessHandle> children = p.descendants().toList();
      p.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
    }
    if (cg != null) {
      cg.killAll();
    } else if (!isolation.isolatesNetworkAndProcesses()) {
      Sessions.kill(p.pid());
    }
  }

  private static void drainQuietly(InputStream in, OutputCapture capture) {
    try {
      capture.drain(in);
    } catch (IOException e) {
      // the stream was closed after the grace period; what was read is kept
    }
  }

  /** Strips the start marker from the start of stderr; false if it was not there. */
  private static boolean readMarkerThenDrain(InputStream in, OutputCapture capture) {
    try {
      byte[] first = in.readNBytes(CommandLauncher.START_MARKER.length);
      boolean started = Arrays.equals(first, CommandLauncher.START_MARKER);
      if (!started) {
        capture.write(first, 0, first.length);
      }
      capture.drain(in);
      return started;
    } catch (IOException e) {
      return false;
    }
  }

  private static void awaitReader(Future<?> reader, InputStream stream) {
    try {
      reader.get(DRAIN_GRACE_MS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // A process we could not kill still holds the pipe: stop reading.
      closeQuietly(stream);
      try {
        reader.get(DRAIN_GRACE_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException | ExecutionException | TimeoutException ignored) {
        reader.cancel(true);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // reader failed; its output so far is kept
    }
  }

  private static boolean awaitMarker(Future<Boolean> reader, InputStream stream) {
    awaitReader(reader, stream);
    try {
      return reader.isDone() && !reader.isCancelled() && reader.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false;
    }
  }

  private static void closeQuietly(InputStream s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("sandbox " + id + " is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Process p : running) {
      List<ProcessHandle> children = p.descendants().toList();
      p.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
    }
    lock.writeLock().lock();
    try {
      FileTrees.delete(dir);
    } catch (IOException e) {
      throw new InfraFailure("sandbox " + id + ": cannot delete " + dir + ": " + e, e);
    } finally {
      lock.writeLock().unlock();
      onClose.run();
    }
  }

  @Override
  public String toString() {
    return "ProcessSandbox[" + id + ", " + isolation + ", " + workDir + "]";
  }
}
