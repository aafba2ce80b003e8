package dev.arbor.tasks.sandbox;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How a {@link ProcessSandboxFactory} makes sandboxes.
 *
 * @param root folder under which each sandbox gets a folder of its own (working copy and temp)
 * @param isolation the isolation to use; empty picks the strongest available (bubblewrap, then
 *     unshare, then none, with one log line when it is not bubblewrap). An explicit choice the
 *     machine does not support fails at factory creation.
 * @param useCgroups whether to use a pids cgroup for process limits and cleanup where the host
 *     allows it
 * @param path the {@code PATH} commands see (not a secret, and commands need the host's tools)
 * @param extraEnv further variables every command sees (e.g. {@code PYTHONDONTWRITEBYTECODE});
 *     nothing else of the JVM's environment is passed on
 * @param tmpBytes size of the private {@code /tmp} under bubblewrap (memory-backed)
 */
public record SandboxConfig(
    Path root,
    Optional<Isolation> isolation,
    boolean useCgroups,
    String path,
    Map<String, String> extraEnv,
    long tmpBytes) {

  /** The {@code PATH} used when the JVM has none. */
  public static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  public SandboxConfig {
    if (root == null) {
      throw new IllegalArgumentException("root must be set");
    }
    if (isolation == null) {
      throw new IllegalArgumentException("isolation must not be null (use Optional.empty())");
    }
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("path must be a non-empty PATH value");
    }
    extraEnv = Map.copyOf(extraEnv);
    for (String k : extraEnv.keySet()) {
      if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("extraEnv: '" + k + "' is not a variable name");
      }
    }
    if (tmpBytes < (1 << 20)) {
      throw new IllegalArgumentException("tmpBytes must be at least 1 MiB, got " + tmpBytes);
    }
  }

  /**
   * Sandboxes under {@code <java.io.tmpdir>/arbor-sandboxes}, the best isolation available, cgroups
   * where allowed, the JVM's {@code PATH}, a 256 MiB {@code /tmp}, and {@code
   * PYTHONDONTWRITEBYTECODE=1}: Python checks cached bytecode by source size and mtime in whole
   * seconds, so a same-size edit within a second of a run (an agent fixing {@code a - b} to {@code
   * a + b}) would otherwise run the old code from {@code __pycache__}.
   */
  public static SandboxConfig defaults() {
    String hostPath = System.getenv("PATH");
    return new SandboxConfig(
        Path.of(System.getProperty("java.io.tmpdir"), "arbor-sandboxes"),
        Optional.empty(),
        true,
        hostPath == null || hostPath.isBlank() ? DEFAULT_PATH : hostPath,
        Map.of("PYTHONDONTWRITEBYTECODE", "1"),
        256L << 20);
  }

  public SandboxConfig withRoot(Path value) {
    return new SandboxConfig(value, isolation, useCgroups, path, extraEnv, tmpBytes);
  }

  public SandboxConfig withIsolation(Isolation value) {
    return new SandboxConfig(root, Optional.of(value), useCgroups, path, extraEnv, tmpBytes);
  }

  public SandboxConfig withCgroups(boolean value) {
    return new SandboxConfig(root, isolation, value, path, extraEnv, tmpBytes);
  }

  public SandboxConfig withExtraEnv(Map<String, String> value) {
    return new SandboxConfig(root, isolation, useCgroups, path, value, tmpBytes);
  }
}
