package dev.arbor.tasks.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sandbox configurations the tests run against: every isolation this machine supports (with a
 * pids cgroup where the host allows one), plus no isolation and no cgroup, the weakest fallback.
 * With {@code ARBOR_REQUIRE_BWRAP=1} (set by .ci/run) a missing bubblewrap fails the tests instead
 * of silently testing the fallbacks only.
 */
final class Backends {
  private Backends() {}

  /** One configuration under test. */
  record Backend(String name, Isolation isolation, boolean cgroups) {
    SandboxConfig config(Path root) {
      return SandboxConfig.defaults().withRoot(root).withIsolation(isolation).withCgroups(cgroups);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Backend> all() {
    List<Isolation> available = ProcessSandboxFactory.available();
    if ("1".equals(System.getenv("ARBOR_REQUIRE_BWRAP"))) {
      assertThat(available)
          .as(
              "ARBOR_REQUIRE_BWRAP=1 but bubblewrap does not work here: %s",
              ProcessSandboxFactory.unavailableReason(Isolation.BUBBLEWRAP))
          .contains(Isolation.BUBBLEWRAP);
    }
    List<Backend> out = new ArrayList<>();
    for (Isolation i : available) {
      out.add(new Backend(i.name().toLowerCase(), i, true));
    }
    out.add(new Backend("none-without-cgroup", Isolation.NONE, false));
    return out.stream();
  }

  /** Isolating configurations only (network and pid namespace). */
  static Stream<Backend> isolating() {
    return all().filter(b -> b.isolation().isolatesNetworkAndProcesses());
  }

  /** Pids of host processes whose command line contains {@code token}. */
  static List<Long> hostProcessesWith(String token) {
    List<Long> out = new ArrayList<>();
    try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path d : dirs) {
        try {
          String cmd = new String(Files.readAllBytes(d.resolve("cmdline"))).replace('\0', ' ');
          if (cmd.contains(token)
              && Long.parseLong(d.getFileName().toString()) != ProcessHandle.current().pid()) {
            out.add(Long.parseLong(d.getFileName().toString()));
          }
        } catch (IOException | RuntimeException e) {
          // gone
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** Entries left in a folder. */
  static List<String> leftovers(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }
}
