package dev.arbor.tasks.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds and starts the process chain of one sandbox command:
 *
 * <pre>
 * setsid /bin/sh -c WRAPPER  (new session and process group; joins the cgroup; sets rlimits)
 *   exec [bwrap ... | unshare ... ]  (isolation, if any)
 *     /bin/sh -c INNER  (prints a start marker on stderr, then runs the command)
 * </pre>
 *
 * The start marker tells a failure of the sandbox itself (bubblewrap refusing a bind, a limit that
 * cannot be set), which prints no marker, from a command that fails: the first is an {@link
 * dev.arbor.tasks.InfraFailure}, the second the agent's business.
 */
final class CommandLauncher {

  /** Written to stderr by the inner shell before the command runs; stripped from the output. */
  static final byte[] START_MARKER = "\036arbor-started\036".getBytes(StandardCharsets.US_ASCII);

  /**
   * The hard CPU limit is one second above the soft one: at the soft limit the kernel sends SIGXCPU
   * (exit 152, reported as CPU_LIMIT), at the hard one SIGKILL; equal limits would mean SIGKILL
   * only. $1 cgroup.procs file or "", $2 CPU seconds, $3 address space KiB, $4 file size in
   * 512-byte blocks, $5 RLIMIT_NPROC or ""; then the command line to exec.
   */
  private static final String WRAPPER =
      "if [ -n \"$1\" ]; then echo $$ > \"$1\" || { echo \"arbor-sandbox: cannot join cgroup $1\" >&2;"
          + " exit 125; }; fi\n"
          + "ulimit -c 0 && ulimit -S -t \"$2\" && ulimit -H -t $(($2 + 1)) && ulimit -v \"$3\""
          + " && ulimit -f \"$4\""
          + " || { echo 'arbor-sandbox: cannot set resource limits' >&2; exit 125; }\n"
          + "if [ -n \"$5\" ]; then ulimit -u \"$5\" || exit 125; fi\n"
          + "shift 5\n"
          + "exec \"$@\"\n";

  /**
   * Pid 1 of unshare's pid namespace. The kernel does not deliver SIGXCPU to a namespace's init,
   * and unshare 2.38 reports a child killed by a signal as exit 1; so the command runs as a child
   * of this shell, which waits and exits with 128 + signal like any shell.
   */
  private static final String UNSHARE_INIT = "\"$@\" & wait $!";

  private static final String INNER = "printf '\\036arbor-started\\036' >&2; eval \"$1\"";

  private final Isolation isolation;
  private final HostProbe probe;
  private final Path workDir;
  private final Map<String, String> env;
  private final long tmpBytes;
  private final long nprocLimit;

  /**
   * @param nprocLimit value for {@code RLIMIT_NPROC}, or 0 to leave it alone
   */
  CommandLauncher(
      Isolation isolation,
      HostProbe probe,
      Path workDir,
      Path tmpDir,
      SandboxConfig config,
      long nprocLimit) {
    this.isolation = isolation;
    this.probe = probe;
    this.workDir = workDir;
    this.tmpBytes = config.tmpBytes();
    this.nprocLimit = nprocLimit;
    Map<String, String> e = new LinkedHashMap<>();
    e.put("PATH", config.path());
    e.put("HOME", workDir.toString());
    e.put("LANG", "C.UTF-8");
    e.put("LC_ALL", "C.UTF-8");
    e.put("TERM", "dumb");
    e.put("TMPDIR", isolation == Isolation.BUBBLEWRAP ? "/tmp" : tmpDir.toString());
    e.putAll(config.extraEnv());
    this.env = Map.copyOf(e);
  }

  /** The environment every command sees, and nothing else. */
  Map<String, String> environment() {
    return env;
  }

  /** The full command line for {@code command}. */
  List<String> argv(String command, SandboxLimits limits, Path cgroupProcs, List<Path> readOnly) {
    List<String> a = new ArrayList<>();
    probe.setsid().ifPresent(a::add);
    a.addAll(List.of("/bin/sh", "-c", WRAPPER, "arbor-sandbox"));
    a.add(cgroupProcs == null ? "" : cgroupProcs.toString());
    a.add(Long.toString(limits.cpuSeconds()));
    a.add(Long.toString(Math.max(1, limits.memoryBytes() / 1024)));
    a.add(Long.toString(Math.max(1, limits.maxFileBytes() / 512)));
    a.add(nprocLimit > 0 ? Long.toString(nprocLimit) : "");
    switch (isolation) {
      case BUBBLEWRAP -> {
        a.addAll(probe.bwrapPrefix().orElseThrow());
        String w = workDir.toString();
        a.addAll(
            List.of(
                "--size",
                Long.toString(tmpBytes),
                "--tmpfs",
                "/tmp",
                "--bind",
                w,
                w,
                "--chdir",
                w));
        for (Path p : readOnly) {
          a.addAll(List.of("--ro-bind", p.toString(), p.toString()));
        }
      }
      case UNSHARE -> {
        a.addAll(probe.unsharePrefix().orElseThrow());
        a.addAll(List.of("/bin/sh", "-c", UNSHARE_INIT, "arbor-init"));
      }
      case NONE -> {}
    }
    a.addAll(List.of("/bin/sh", "-c", INNER, "arbor-command", command));
    return a;
  }

  /**
   * Starts {@code command}: stdin at end of file, stdout and stderr as pipes.
   *
   * @param readOnly host paths to make visible read-only under bubblewrap, which hides the host's
   *     {@code /tmp} (for unpacking snapshots that live there)
   */
  Process start(String command, SandboxLimits limits, Path cgroupProcs, List<Path> readOnly)
      throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(argv(command, limits, cgroupProcs, readOnly))
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> e = pb.environment();
    e.clear();
    e.putAll(env);
    return pb.start();
  }
}
