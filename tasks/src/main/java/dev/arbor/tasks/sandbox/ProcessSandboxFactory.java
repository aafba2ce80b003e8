package dev.arbor.tasks.sandbox;

import dev.arbor.proto.v1.RepositorySnapshot;
import dev.arbor.tasks.InfraFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@link ProcessSandbox}es: finds the isolation the machine offers (once per JVM), owns the
 * threads that read command output and the pids cgroup folder, and closes every sandbox still open
 * when it closes (also from a JVM shutdown hook).
 *
 * <p>With {@link SandboxConfig#isolation()} empty, the strongest isolation available is used:
 * bubblewrap, else unshare, else none; when it is not bubblewrap, one warning line per JVM says
 * what is missing and what that means.
 */
public final class ProcessSandboxFactory implements SandboxFactory {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessSandboxFactory.class);
  private static final AtomicInteger FACTORIES = new AtomicInteger();

  private final SandboxConfig config;
  private final HostProbe probe;
  private final Isolation isolation;
  private final PidsCgroup cgroups;
  private final long nprocLimitBase;
  private final ExecutorService io;
  private final Set<ProcessSandbox> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong created = new AtomicLong();
  private final Thread shutdownHook;
  private volatile boolean closed;

  private ProcessSandboxFactory(SandboxConfig config) {
    this.config = config;
    this.probe = HostProbe.get();
    this.isolation = choose(config, probe);
    int n = FACTORIES.incrementAndGet();
    this.cgroups = config.useCgroups() ? PidsCgroup.open(Integer.toString(n)).orElse(null) : null;
    // RLIMIT_NPROC counts all processes of the user, so it is offset by what runs already; root is
    // exempt from it, so it is only used for other users without a cgroup.
    this.nprocLimitBase = cgroups == null && !probe.root() ? userTaskCount() : -1;
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, "arbor-sandbox-io-" + n);
          t.setDaemon(true);
          return t;
        };
    this.io = Executors.newCachedThreadPool(threads);
    this.shutdownHook = new Thread(this::close, "arbor-sandbox-cleanup-" + n);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * A factory with {@code config}.
   *
   * @throws IllegalStateException when {@code config} asks for an isolation this machine lacks
   */
  public static ProcessSandboxFactory create(SandboxConfig config) {
    return new ProcessSandboxFactory(config);
  }

  /** A factory with {@link SandboxConfig#defaults()}. */
  public static ProcessSandboxFactory create() {
    return create(SandboxConfig.defaults());
  }

  /** The isolations this machine supports, strongest first ({@link Isolation#NONE} always). */
  public static List<Isolation> available() {
    List<Isolation> out = new ArrayList<>();
    for (Isolation i : Isolation.values()) {
      if (HostProbe.get().supports(i)) {
        out.add(i);
      }
    }
    return List.copyOf(out);
  }

  /** Why {@code isolation} is not available here; empty if it is. */
  public static String unavailableReason(Isolation isolation) {
    return HostProbe.get().problem(isolation);
  }

  private static Isolation choose(SandboxConfig config, HostProbe probe) {
    Isolation chosen = pick(config, probe);
    if (probe.root()
        && chosen != Isolation.NONE
        && !probe.usesUserNamespace(chosen)
        && HostProbe.firstWarning()) {
      LOG.warn(
          "sandbox: {} cannot create a user namespace here; commands of this root JVM run as the"
              + " host's root user (bubblewrap still drops all capabilities, unshare does not)",
          chosen);
    }
    return chosen;
  }

  private static Isolation pick(SandboxConfig config, HostProbe probe) {
    if (config.isolation().isPresent()) {
      Isolation want = config.isolation().get();
      if (!probe.supports(want)) {
        throw new IllegalStateException(
            "sandbox isolation " + want + " is not available here: " + probe.problem(want));
      }
      return want;
    }
    if (probe.supports(Isolation.BUBBLEWRAP)) {
      return Isolation.BUBBLEWRAP;
    }
    Isolation chosen = probe.supports(Isolation.UNSHARE) ? Isolation.UNSHARE : Isolation.NONE;
    if (HostProbe.firstWarning()) {
      LOG.warn(
          "sandbox: bubblewrap unavailable ({}); {}",
          probe.bwrapProblem(),
          chosen == Isolation.UNSHARE
              ? "using unshare: no network and own pid namespace, but commands can write outside"
                  + " the working copy"
              : "unshare unavailable too ("
                  + probe.unshareProblem()
                  + "): commands run WITHOUT isolation (network, host file system);"
                  + " only the file tools stay confined to the working copy");
    }
    return chosen;
  }

  @Override
  public Isolation isolation() {
    return isolation;
  }

  /** True when commands get a pids cgroup (process limit, cleanup of escaped processes). */
  public boolean usesCgroups() {
    return cgroups != null;
  }

  @Override
  public Sandbox create(String name, RepositorySnapshot snapshot, SandboxLimits limits) {
    if (closed) {
      throw new IllegalStateException("the sandbox factory is closed");
    }
    ProcessSandbox sandbox = newSandbox(name, limits);
    try {
      WorkingCopy.materialise(snapshot, sandbox);
      return sandbox;
    } catch (RuntimeException e) {
      sandbox.close();
      throw e;
    }
  }

  private ProcessSandbox newSandbox(String name, SandboxLimits limits) {
    Path dir;
    try {
      Files.createDirectories(config.root());
      dir =
          Files.createTempDirectory(
              config.root(), label(name) + "-" + created.incrementAndGet() + "-");
      Files.createDirectory(dir.resolve("work"));
      Files.createDirectory(dir.resolve("tmp"));
    } catch (IOException e) {
      throw new InfraFailure(
          "cannot create a sandbox folder under " + config.root() + ": " + e.getMessage(), e);
    }
    try {
      Path work = dir.resolve("work").toRealPath();
      long nproc = nprocLimitBase >= 0 ? nprocLimitBase + limits.maxProcesses() : 0;
      CommandLauncher launcher =
          new CommandLauncher(isolation, probe, work, dir.resolve("tmp"), config, nproc);
      ProcessSandbox[] self = new ProcessSandbox[1];
      ProcessSandbox s =
          new ProcessSandbox(
              dir.getFileName().toString(),
              dir,
              work,
              isolation,
              limits,
              launcher,
              cgroups,
              cgroups != null || nproc > 0,
              io,
              () -> open.remove(self[0]));
      self[0] = s;
      open.add(s);
      return s;
    } catch (IOException e) {
      try {
        FileTrees.delete(dir);
      } catch (IOException ignored) {
        // reported below
      }
      throw new InfraFailure("cannot set up sandbox folder " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Sandboxes not yet closed. */
  public int openSandboxes() {
    return open.size();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ProcessSandbox s : List.copyOf(open)) {
      try {
        s.close();
      } catch (RuntimeException e) {
        LOG.warn("closing {} failed: {}", s, e.toString());
      }
    }
    io.shutdownNow();
    if (cgroups != null) {
      cgroups.close();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // called from the hook itself during shutdown
    }
  }

  /** A folder-name-safe label of at most 40 characters. */
  static String label(String name) {
    String s = name == null ? "" : name.replaceAll("[^A-Za-z0-9._-]", "_");
    s = s.length() > 40 ? s.substring(0, 40) : s;
    return s.isEmpty() || s.startsWith(".") ? "sbx" + s : s;
  }

  /** Tasks (processes and threads) of this user now; the base for {@code RLIMIT_NPROC}. */
  private static long userTaskCount() {
    String uid = null;
    long count = 0;
    try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path d : dirs) {
        try {
          String status = Files.readString(d.resolve("status"));
          String u = field(status, "Uid:");
          if (uid == null) {
            uid = field(Files.readString(Path.of("/proc/self/status")), "Uid:");
          }
          if (u.equals(uid)) {
            count += Long.parseLong(field(status, "Threads:"));
          }
        } catch (IOException | RuntimeException e) {
          // process ended while scanning
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return count;
  }

  private static String field(String status, String key) {
    for (String line : status.split("\n")) {
      if (line.startsWith(key)) {
        return line.substring(key.length()).strip().split("\\s+")[0];
      }
    }
    return "";
  }

  Optional<PidsCgroup> cgroups() {
    return Optional.ofNullable(cgroups);
  }
}
