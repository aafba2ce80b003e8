package dev.arbor.tasks.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of the Linux pids cgroup controller owned by this JVM ({@code arbor-<pid>} below the
 * JVM's own cgroup), with one child cgroup per sandbox command. A child's {@code pids.max} bounds
 * the command's processes and threads (a fork bomb gets {@code EAGAIN}), and its {@code
 * cgroup.procs} lists every process of the command, also those that left its session, so they can
 * all be killed.
 *
 * <p>Works with cgroup v1 (a {@code pids} hierarchy) and with cgroup v2 where the controller is
 * delegated to the JVM's cgroup. Where the folder cannot be created (no permission, no controller),
 * {@link #open(String)} returns empty and sandboxes say so ({@link
 * Sandbox#processLimitEnforced()}). Folders of JVMs that died are removed on open.
 */
final class PidsCgroup {
  private static final Logger LOG = LoggerFactory.getLogger(PidsCgroup.class);
  private static final String PREFIX = "arbor-";

  private final Path dir;
  private final boolean v2;

  private PidsCgroup(Path dir, boolean v2) {
    this.dir = dir;
    this.v2 = v2;
  }

  /**
   * The JVM's pids cgroup folder, created if needed; empty with a reason logged at debug level when
   * the host does not allow it.
   *
   * @param tag distinguishes folders of several factories in one JVM
   */
  static Optional<PidsCgroup> open(String tag) {
    try {
      Optional<Hierarchy> h = Hierarchy.find();
      if (h.isEmpty()) {
        LOG.debug("no pids cgroup hierarchy mounted");
        return Optional.empty();
      }
      Path parent = h.get().ownDir();
      if (h.get().v2()) {
        enableV2Controller(parent);
      }
      removeStale(parent);
      Path dir = parent.resolve(PREFIX + ProcessHandle.current().pid() + "-" + tag);
      Files.createDirectories(dir);
      PidsCgroup cg = new PidsCgroup(dir, h.get().v2());
      if (cg.v2) {
        Files.writeString(dir.resolve("cgroup.subtree_control"), "+pids");
      }
      Command probe = cg.create("probe", 8);
      probe.remove();
      return Optional.of(cg);
    } catch (IOException | RuntimeException e) {
      LOG.debug("pids cgroup not usable: {}", e.toString());
      return Optional.empty();
    }
  }

  /**
   * On cgroup v2 a child gets {@code pids.max} only if its parent lists {@code pids} in {@code
   * cgroup.subtree_control}; the kernel refuses to add it to a cgroup that has processes of its own
   * (unless it is the root), in which case {@link #create} fails below and the probe says so.
   */
  private static void enableV2Controller(Path parent) {
    try {
      String enabled = Files.readString(parent.resolve("cgroup.subtree_control"));
      if (!List.of(enabled.strip().split(" ")).contains("pids")) {
        Files.writeString(parent.resolve("cgroup.subtree_control"), "+pids");
      }
    } catch (IOException e) {
      LOG.debug("cannot enable the pids controller below {}: {}", parent, e.toString());
    }
  }

  /** A child cgroup for one command with {@code pids.max = maxPids}. */
  Command create(String name, int maxPids) throws IOException {
    Path c = dir.resolve(name);
    Files.createDirectory(c);
    try {
      Files.writeString(c.resolve("pids.max"), Integer.toString(maxPids));
    } catch (IOException e) {
      Files.deleteIfExists(c);
      throw e;
    }
    return new Command(c, v2);
  }

  /** Kills what is left in the children and removes them and the folder. */
  void close() {
    removeTree(dir);
  }

  /** One command's cgroup. */
  static final class Command {
    private final Path dir;
    private final boolean v2;

    private Command(Path dir, boolean v2) {
      this.dir = dir;
      this.v2 = v2;
    }

    /** The file a process writes its pid to in order to join. */
    Path procsFile() {
      return dir.resolve("cgroup.procs");
    }

    /** Pids in the cgroup now. */
    List<Long> pids() {
      try {
        List<Long> out = new ArrayList<>();
        for (String line : Files.readAllLines(procsFile(), StandardCharsets.US_ASCII)) {
          if (!line.isBlank()) {
            out.add(Long.parseLong(line.strip()));
          }
        }
        return out;
      } catch (IOException | NumberFormatException e) {
        return List.of();
      }
    }

    /** Most processes at once so far ({@code pids.peak}); -1 where the kernel has no such file. */
    int peak() {
      try {
        return Integer.parseInt(Files.readString(dir.resolve("pids.peak")).strip());
      } catch (IOException | NumberFormatException e) {
        return -1;
      }
    }

    /**
     * SIGKILL to every process in the cgroup until it is empty ({@code cgroup.kill} on v2). A fork
     * bomb refills it, but only up to {@code pids.max}, so a few rounds end it.
     */
    void killAll() {
      if (v2 && Files.exists(dir.resolve("cgroup.kill"))) {
        try {
          Files.writeString(dir.resolve("cgroup.kill"), "1");
        } catch (IOException e) {
          LOG.debug("cgroup.kill of {} failed: {}", dir, e.toString());
        }
      }
      for (int round = 0; round < 200; round++) {
        List<Long> pids = pids();
        if (pids.isEmpty()) {
          return;
        }
        for (long pid : pids) {
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        if (round > 10) {
          sleepMillis(1);
        }
      }
      LOG.warn("processes still in {} after 200 rounds of SIGKILL", dir);
    }

    /** Kills what is left and removes the cgroup; retried briefly while the kernel reaps. */
    void remove() {
      for (int attempt = 0; attempt < 50; attempt++) {
        killAll();
        try {
          Files.deleteIfExists(dir);
          return;
        } catch (IOException e) {
          sleepMillis(2);
        }
      }
      LOG.warn("could not remove cgroup {}; it is retried when the sandbox factory closes", dir);
    }
  }

  private static void removeTree(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isDirectory)) {
      for (Path child : ds) {
        new Command(child, false).remove();
      }
    } catch (IOException e) {
      LOG.debug("listing {} failed: {}", dir, e.toString());
    }
    new Command(dir, false).remove();
  }

  /** Removes folders of JVMs that no longer run (their processes are killed first). */
  private static void removeStale(Path parent) {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, PREFIX + "*")) {
      for (Path d : ds) {
        String rest = d.getFileName().toString().substring(PREFIX.length());
        int dash = rest.indexOf('-');
        try {
          long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
          if (ProcessHandle.of(pid).isEmpty()) {
            LOG.info("removing stale sandbox cgroup {} of a JVM that is gone", d);
            removeTree(d);
          }
        } catch (NumberFormatException e) {
          // not ours
        }
      }
    } catch (IOException e) {
      LOG.debug("listing {} failed: {}", parent, e.toString());
    }
  }

  private static void sleepMillis(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Where the pids controller is mounted and the JVM's cgroup in it. */
  record Hierarchy(Path mount, String mountRoot, String ownPath, boolean v2) {

    Path ownDir() {
      String rel = ownPath;
      if (!mountRoot.equals("/") && rel.startsWith(mountRoot)) {
        rel = rel.substring(mountRoot.length());
      }
      rel = rel.replaceFirst("^/+", "");
      return rel.isEmpty() ? mount : mount.resolve(rel);
    }

    static Optional<Hierarchy> find() throws IOException {
      return find(Path.of("/proc/self/mountinfo"), Path.of("/proc/self/cgroup"));
    }

    /** From the given mountinfo and cgroup files (parameters for tests). */
    static Optional<Hierarchy> find(Path mountinfo, Path cgroupFile) throws IOException {
      List<String> cgroups;
      List<String> mounts;
      try {
        cgroups = Files.readAllLines(cgroupFile);
        mounts = Files.readAllLines(mountinfo);
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
      String v1Path = null;
      String v2Path = null;
      for (String line : cgroups) {
        String[] f = line.split(":", 3);
        if (f.length < 3) {
          continue;
        }
        if (f[0].equals("0") && f[1].isEmpty()) {
          v2Path = f[2];
        } else if (List.of(f[1].split(",")).contains("pids")) {
          v1Path = f[2];
        }
      }
      for (String line : mounts) {
        int sep = line.indexOf(" - ");
        if (sep < 0) {
          continue;
        }
        String[] pre = line.substring(0, sep).split(" ");
        String[] post = line.substring(sep + 3).split(" ");
        if (pre.length < 5 || post.length < 1) {
          continue;
        }
        String root = unescape(pre[3]);
        Path mountPoint = Path.of(unescape(pre[4]));
        String fsType = post[0];
        String superOpts = post.length > 2 ? post[2] : "";
        if (v1Path != null
            && fsType.equals("cgroup")
            && List.of(superOpts.split(",")).contains("pids")) {
          return Optional.of(new Hierarchy(mountPoint, root, v1Path, false));
        }
        if (v1Path == null && v2Path != null && fsType.equals("cgroup2")) {
          Hierarchy h = new Hierarchy(mountPoint, root, v2Path, true);
          Path controllers = h.ownDir().resolve("cgroup.controllers");
          if (Files.exists(controllers)
              && List.of(Files.readString(controllers).strip().split(" ")).contains("pids")) {
            return Optional.of(h);
          }
        }
      }
      return Optional.empty();
    }

    private static String unescape(String s) {
      return s.replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\");
    }
  }
}
