package dev.arbor.tasks.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.proto.v1.RepositorySnapshot;
import dev.arbor.proto.v1.SnapshotKind;
import dev.arbor.tasks.sandbox.Backends.Backend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every command in a sandbox can rely on, in every backend. */
class ProcessSandboxTest {
  @TempDir Path tmp;

  static java.util.stream.Stream<Backend> backends() {
    return Backends.all();
  }

  private Path snapshot() throws Exception {
    Path snap = tmp.resolve("snap");
    Files.createDirectories(snap.resolve("src"));
    Files.writeString(snap.resolve("src/app.py"), "print('hello')\n");
    Path script = snap.resolve("run.sh");
    Files.writeString(script, "#!/bin/sh\necho ran\n");
    script.toFile().setExecutable(true);
    Files.createSymbolicLink(snap.resolve("link"), Path.of("src/app.py"));
    return snap;
  }

  private static RepositorySnapshot dir(Path p) {
    return RepositorySnapshot.newBuilder()
        .setKind(SnapshotKind.SNAPSHOT_KIND_DIRECTORY)
        .setLocation(p.toString())
        .build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void runsCommandsInAPrivateCopyOfTheSnapshot(Backend backend) throws Exception {
    Path snap = snapshot();
    Path root = tmp.resolve("sandboxes");
    try (ProcessSandboxFactory f = ProcessSandboxFactory.create(backend.config(root));
        Sandbox s = f.create("task/1 ✓", dir(snap), SandboxLimits.defaults())) {
      assertThat(s.isolation()).isEqualTo(backend.isolation());
      ExecResult r = s.exec("python3 src/app.py && ./run.sh && cat link && pwd && echo err >&2");
      assertThat(r.ok()).as(r.toString()).isTrue();
      assertThat(r.stdout()).isEqualTo("hello\nran\nprint('hello')\n" + s.workDir() + "\n");
      assertThat(r.stderr()).isEqualTo("err\n");
      assertThat(r.truncatedBytes()).isZero();

      ExecResult write = s.exec("echo changed > src/app.py; rm run.sh; exit 3");
      assertThat(write.exitCode()).isEqualTo(3);
      assertThat(write.termination()).isEqualTo(ExecResult.Termination.EXITED);
      assertThat(Files.readString(s.workDir().resolve("src/app.py"))).isEqualTo("changed\n");
      // The snapshot is untouched.
      assertThat(Files.readString(snap.resolve("src/app.py"))).isEqualTo("print('hello')\n");
      assertThat(snap.resolve("run.sh")).exists();
    }
    assertThat(Backends.leftovers(root)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void theEnvironmentIsScrubbed(Backend backend) throws Exception {
    // Surefire gives this JVM ARBOR_TEST_SECRET (tasks/pom.xml); it must not reach commands.
    String secret = System.getenv("ARBOR_TEST_SECRET");
    assertThat(secret).as("ARBOR_TEST_SECRET set by surefire").isNotBlank();
    try (ProcessSandboxFactory f = ProcessSandboxFactory.create(backend.config(tmp.resolve("r")));
        Sandbox s =
            f.create("env", RepositorySnapshot.getDefaultInstance(), SandboxLimits.defaults())) {
      ExecResult r = s.exec("env");
      List<String> names =
          r.stdout().lines().map(l -> l.substring(0, l.indexOf('='))).sorted().toList();
      assertThat(names)
          .contains("HOME", "LANG", "LC_ALL", "PATH", "TERM", "TMPDIR")
          .isSubsetOf(
              "HOME",
              "LANG",
              "LC_ALL",
              "PATH",
              "PWD",
              "PYTHONDONTWRITEBYTECODE",
              "SHLVL",
              "TERM",
              "TMPDIR",
              "_");
      assertThat(r.stdout()).doesNotContain(secret).contains("HOME=" + s.workDir());
      if (backend.isolation().isolatesNetworkAndProcesses()) {
        // Not through other processes' environments either: /proc shows only the sandbox's own.
        ExecResult scan = s.exec("cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n'");
        assertThat(scan.stdout()).contains("HOME=").doesNotContain(secret);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void outputIsCappedKeepingHeadAndTail(Backend backend) throws Exception {
    SandboxLimits limits = SandboxLimits.defaults().withOutputCapBytes(1000);
    try (ProcessSandboxFactory f = ProcessSandboxFactory.create(backend.config(tmp.resolve("r")));
        Sandbox s = f.create("out", RepositorySnapshot.getDefaultInstance(), limits)) {
      ExecResult r = s.exec("seq 1 10000; echo tail-of-err >&2");
      assertThat(r.stdout()).startsWith("1\n2\n3\n").endsWith("9999\n10000\n");
      assertThat(r.stdout())
          .containsPattern("\\[\\.\\.\\. arbor: \\d+ bytes of stdout truncated \\.\\.\\.\\]");
      assertThat(r.stderr()).isEqualTo("tail-of-err\n");
      long produced = 48894; // bytes of `seq 1 10000`
      assertThat(r.truncatedBytes()).isEqualTo(produced - (1000 - "tail-of-err\n".length()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void commandsOfOneTurnRunInParallel(Backend backend) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (ProcessSandboxFactory f = ProcessSandboxFactory.create(backend.config(tmp.resolve("r")));
        Sandbox s =
            f.create("par", RepositorySnapshot.getDefaultInstance(), SandboxLimits.defaults())) {
      long t0 = System.nanoTime();
      List<Future<ExecResult>> rs =
          List.of(
              pool.submit(() -> s.exec("sleep 0.8; echo a")),
              pool.submit(() -> s.exec("sleep 0.8; echo b")),
              pool.submit(() -> s.exec("sleep 0.8; echo c")));
      StringBuilder all = new StringBuilder();
      for (Future<ExecResult> r : rs) {
        all.append(r.get().stdout());
      }
      assertThat(all.toString()).isEqualTo("a\nb\nc\n");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2000));
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void tarballAndGitSnapshotsAreUnpackedInside(Backend backend) throws Exception {
    Path snap = snapshot();
    Path tar = tmp.resolve("snap.tar.gz");
    Process p =
        new ProcessBuilder("tar", "-czf", tar.toString(), "-C", snap.toString(), ".").start();
    assertThat(p.waitFor()).isZero();
    Path git = tmp.resolve("git");
    Files.createDirectories(git);
    String commit = gitRepo(git);
    try (ProcessSandboxFactory f = ProcessSandboxFactory.create(backend.config(tmp.resolve("r")))) {
      try (Sandbox s =
          f.create(
              "tar",
              RepositorySnapshot.newBuilder()
                  .setKind(SnapshotKind.SNAPSHOT_KIND_TARBALL)
                  .setLocation(tar.toString())
                  .build(),
              SandboxLimits.defaults())) {
        assertThat(s.workDir().resolve("src/app.py")).hasContent("print('hello')");
      }
      try (Sandbox s =
          f.create(
              "git",
              RepositorySnapshot.newBuilder()
                  .setKind(SnapshotKind.SNAPSHOT_KIND_GIT)
                  .setLocation(git.toString())
                  .setBaseCommit(commit)
                  .build(),
              SandboxLimits.defaults())) {
        assertThat(Files.readString(s.workDir().resolve("a.txt"), StandardCharsets.UTF_8))
            .isEqualTo("v1\n");
      }
    }
  }

  /** A repository with two commits; returns the first one's id. */
  private static String gitRepo(Path dir) throws Exception {
    String script =
        "git init -q . && git config user.email t@example.com && git config user.name t"
            + " && echo v1 > a.txt && git add a.txt && git commit -qm one"
            + " && git rev-parse HEAD > ../first && echo v2 > a.txt && git commit -qam two";
    Process p = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).inheritIO().start();
    assertThat(p.waitFor()).isZero();
    return Files.readString(dir.resolveSibling("first")).strip();
  }
}
