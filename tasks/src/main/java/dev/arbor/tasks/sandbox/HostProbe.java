package dev.arbor.tasks.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What this machine offers for sandboxing, found once per JVM by trying it: bubblewrap and unshare
 * are run once on {@code /bin/true} with the arguments the sandbox would use. A machine fact, so
 * kept for the life of the JVM.
 *
 * @param setsid path of util-linux {@code setsid}, if present
 * @param bwrapPrefix the bubblewrap command line up to the per-sandbox binds, if bubblewrap works
 * @param bwrapProblem why bubblewrap is not usable, else empty
 * @param unsharePrefix the unshare command line, if unshare works
 * @param unshareProblem why unshare is not usable, else empty
 * @param root whether the JVM runs as root (root is exempt from {@code RLIMIT_NPROC})
 */
record HostProbe(
    Optional<String> setsid,
    Optional<List<String>> bwrapPrefix,
    String bwrapProblem,
    Optional<List<String>> unsharePrefix,
    String unshareProblem,
    boolean root) {

  private static final AtomicBoolean WARNED = new AtomicBoolean();

  /** The probe of this JVM. */
  static HostProbe get() {
    return Holder.PROBE;
  }

  /** True the first time it is called in this JVM: the fallback warning is logged once. */
  static boolean firstWarning() {
    return WARNED.compareAndSet(false, true);
  }

  /** Whether {@code iso} works here; NONE always does. */
  boolean supports(Isolation iso) {
    return switch (iso) {
      case BUBBLEWRAP -> bwrapPrefix.isPresent();
      case UNSHARE -> unsharePrefix.isPresent();
      case NONE -> true;
    };
  }

  /** True when {@code iso} runs commands in a user namespace of their own. */
  boolean usesUserNamespace(Isolation iso) {
    return switch (iso) {
      case BUBBLEWRAP -> bwrapPrefix.map(p -> p.contains("--unshare-user")).orElse(false);
      case UNSHARE -> unsharePrefix.map(p -> p.contains("--user")).orElse(false);
      case NONE -> false;
    };
  }

  /** Why {@code iso} does not work here (empty when it does). */
  String problem(Isolation iso) {
    return switch (iso) {
      case BUBBLEWRAP -> bwrapProblem;
      case UNSHARE -> unshareProblem;
      case NONE -> "";
    };
  }

  private static final class Holder {
    static final HostProbe PROBE = detect();
  }

  private static HostProbe detect() {
    boolean root = "root".equals(System.getProperty("user.name")) || uidIsZero();
    Optional<String> setsid = which("setsid");
    List<String> bwrapProblems = new ArrayList<>();
    Optional<List<String>> bwrap = Optional.empty();
    Optional<String> bwrapPath = which("bwrap");
    if (bwrapPath.isEmpty()) {
      bwrapProblems.add("bwrap not found on PATH (install the bubblewrap package)");
    } else {
      // A user namespace first: without one, a root JVM's commands would be real root with
      // capabilities (mknod, mount, modules); --cap-drop ALL also, for privileged runs.
      boolean[][] variants = {{true, true}, {true, false}, {false, true}};
      for (boolean[] v : variants) {
        List<String> prefix = bwrapPrefix(bwrapPath.get(), v[0], v[1]);
        String problem = tryRun(prefix, true);
        if (problem.isEmpty()) {
          bwrap = Optional.of(prefix);
          break;
        }
        bwrapProblems.add(problem);
      }
    }
    List<String> unshareProblems = new ArrayList<>();
    Optional<List<String>> unshare = Optional.empty();
    Optional<String> unsharePath = which("unshare");
    if (unsharePath.isEmpty()) {
      unshareProblems.add("unshare not found on PATH (util-linux)");
    } else {
      // A user namespace first, so that root's capabilities do not reach the host.
      for (boolean userNs : List.of(true, false)) {
        List<String> prefix = new ArrayList<>(List.of(unsharePath.get()));
        if (userNs) {
          prefix.addAll(List.of("--user", "--map-root-user"));
        }
        prefix.addAll(List.of("--net", "--pid", "--fork", "--kill-child", "--mount-proc"));
        String problem = tryRun(prefix, false);
        if (problem.isEmpty()) {
          unshare = Optional.of(List.copyOf(prefix));
          break;
        }
        unshareProblems.add(problem);
      }
    }
    return new HostProbe(
        setsid,
        bwrap,
        bwrap.isPresent() ? "" : String.join("; ", new LinkedHashSet<>(bwrapProblems)),
        unshare,
        unshare.isPresent() ? "" : String.join("; ", new LinkedHashSet<>(unshareProblems)),
        root);
  }

  /**
   * The bubblewrap options before the per-sandbox {@code --size N --tmpfs /tmp --bind WORK WORK
   * --chdir WORK}.
   */
  private static List<String> bwrapPrefix(String bwrap, boolean userNs, boolean capDrop) {
    List<String> a = new ArrayList<>(List.of(bwrap));
    if (userNs) {
      a.add("--unshare-user");
    }
    if (capDrop) {
      a.addAll(List.of("--cap-drop", "ALL"));
    }
    a.addAll(
        List.of(
            "--ro-bind",
            "/",
            "/",
            "--dev",
            "/dev",
            "--proc",
            "/proc",
            "--unshare-net",
            "--unshare-pid",
            "--unshare-ipc",
            "--die-with-parent",
            "--new-session"));
    return List.copyOf(a);
  }

  /** Runs {@code prefix} on /bin/true (with the per-sandbox options for bwrap); "" if it worked. */
  private static String tryRun(List<String> prefix, boolean bindTemp) {
    Path tmp = null;
    try {
      List<String> cmd = new ArrayList<>(prefix);
      if (bindTemp) {
        tmp = Files.createTempDirectory("arbor-probe-");
        cmd.addAll(
            List.of(
                "--size",
                "1048576",
                "--tmpfs",
                "/tmp",
                "--bind",
                tmp.toString(),
                tmp.toString(),
                "--chdir",
                tmp.toString()));
      }
      cmd.add("/bin/true");
      Process p =
          new ProcessBuilder(cmd)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectErrorStream(true)
              .start();
      byte[] out = p.getInputStream().readNBytes(4096);
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return String.join(" ", cmd) + ": no answer in 20 s";
      }
      if (p.exitValue() != 0) {
        return String.format(
            "'%s' exited with %d: %s",
            prefix.get(0) + (prefix.size() > 1 ? " " + prefix.get(1) : ""),
            p.exitValue(),
            new String(out, StandardCharsets.UTF_8).strip());
      }
      return "";
    } catch (IOException e) {
      return prefix.get(0) + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // an empty folder in the temp dir; nothing to do
        }
      }
    }
  }

  static Optional<String> which(String name) {
    Set<String> dirs = new LinkedHashSet<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.addAll(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
    for (String d : dirs) {
      if (d.isEmpty()) {
        continue;
      }
      Path p = Path.of(d, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p.toString());
      }
    }
    return Optional.empty();
  }

  private static boolean uidIsZero() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[1].equals("0");
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux-like: treat as non-root
    }
    return false;
  }
}
