package dev.arbor.tasks.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arbor.proto.v1.RepositorySnapshot;
import dev.arbor.tasks.sandbox.Backends.Backend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Commands that attack the sandbox or the host. Each must end in a clear result, and the host must
 * be unchanged afterwards: no process left, no file written outside, the sandbox folder gone.
 * Process tokens are unique numbers in {@code sleep} arguments so the host's process table can be
 * searched for them.
 */
class SandboxAttackTest {
  @TempDir Path tmp;

  private ProcessSandboxFactory factory;
  private Sandbox sandbox;

  static Stream<Backend> backends() {
    return Backends.all();
  }

  static Stream<Backend> isolating() {
    return Backends.isolating();
  }

  private Sandbox open(Backend backend, SandboxLimits limits) {
    factory = ProcessSandboxFactory.create(backend.config(tmp.resolve("sandboxes")));
    sandbox = factory.create("attack", RepositorySnapshot.getDefaultInstance(), limits);
    return sandbox;
  }

  @AfterEach
  void hostIsClean() throws IOException {
    if (factory != null) {
      factory.close();
      assertThat(factory.openSandboxes()).isZero();
    }
    assertThat(Backends.leftovers(tmp.resolve("sandboxes"))).as("sandbox folders left").isEmpty();
  }

  private static String token() {
    return Integer.toString(900_000 + ThreadLocalRandom.current().nextInt(99_999));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void aCommandThatSleepsForeverIsKilledWithItsWholeTree(Backend backend) {
    open(backend, SandboxLimits.defaults().withWallClock(Duration.ofMillis(800)));
    String t = token();
    // Children in the background, a grandchild in a subshell, and the main process waiting.
    String cmd = String.format("sleep %s1 & (sleep %s2 &); sleep %s3; echo never", t, t, t);
    ExecResult r = sandbox.exec(cmd);
    assertThat(r.termination()).isEqualTo(ExecResult.Termination.TIMED_OUT);
    assertThat(r.stdout()).doesNotContain("never");
    assertThat(r.duration()).isLessThan(Duration.ofSeconds(5));
    assertThat(Backends.hostProcessesWith("sleep " + t)).as("processes left on the host").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void processesThatEscapeTheSessionAreKilledToo(Backend backend) {
    open(backend, SandboxLimits.defaults().withWallClock(Duration.ofSeconds(5)));
    assumeTrue(
        sandbox.containsEscapedProcesses(),
        "documented gap: without a pid namespace or a pids cgroup, setsid escapes the sweep");
    String t = token();
    // Escapes its session and process group, double-forked: reparented away from the command.
    String cmd = String.format("(setsid sleep %s1 > /dev/null 2>&1 &); echo started", t);
    ExecResult r = sandbox.exec(cmd);
    assertThat(r.ok()).as(r.toString()).isTrue();
    assertThat(r.stdout()).isEqualTo("started\n");
    assertThat(Backends.hostProcessesWith("sleep " + t + "1")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void backgroundProcessesEndWithTheirCommand(Backend backend) {
    open(backend, SandboxLimits.defaults());
    String t = token();
    long t0 = System.nanoTime();
    ExecResult r = sandbox.exec("sleep " + t + " & echo started");
    assertThat(r.ok()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    assertThat(Backends.hostProcessesWith("sleep " + t)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void aForkBombIsBoundedByTheProcessLimit(Backend backend) {
    int max = 40;
    open(
        backend,
        SandboxLimits.defaults().withMaxProcesses(max).withWallClock(Duration.ofMillis(1500)));
    // Never run a fork bomb without a limit: on a shared machine it would starve everyone.
    assumeTrue(
        sandbox.processLimitEnforced(),
        "no process limit here (root without a writable pids cgroup): fork bomb not run");
    String t = token();
    ExecResult r = sandbox.exec("bomb() { bomb | bomb & }; bomb; sleep " + t);
    // Either the clock ends it, or, on a loaded machine, the bomb's shell gives up first because it
    // cannot fork `sleep` past the limit. Both are a bounded, clear end; what matters is the bound.
    assertThat(r.termination())
        .isIn(ExecResult.Termination.TIMED_OUT, ExecResult.Termination.EXITED);
    if (r.termination() == ExecResult.Termination.EXITED) {
      assertThat(r.exitCode()).as("a fork bomb cannot succeed").isNotZero();
    }
    if (r.peakProcesses() >= 0) {
      assertThat(r.peakProcesses())
          .as("peak processes of the command")
          .isLessThanOrEqualTo(max + ProcessSandbox.SANDBOX_PROCESSES);
    }
    assertThat(Backends.hostProcessesWith("sleep " + t)).isEmpty();
    // The sandbox, and the host, still work.
    assertThat(sandbox.exec("echo alive").stdout()).isEqualTo("alive\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void hundredMegabytesOfOutputAreCappedQuickly(Backend backend) {
    int cap = 64 << 10;
    open(backend, SandboxLimits.defaults().withOutputCapBytes(cap));
    long n = 100_000_000;
    ExecResult r = sandbox.exec("head -c " + n + " /dev/zero | tr '\\0' x; echo; echo END");
    assertThat(r.ok()).as(r.termination() + " " + r.stderr()).isTrue();
    assertThat(r.duration()).isLessThan(Duration.ofSeconds(10));
    assertThat(r.stdout())
        .startsWith("xxxx")
        .endsWith("x\nEND\n")
        .contains("bytes of stdout truncated");
    assertThat(r.stdout().length()).isLessThan(cap + 200);
    assertThat(r.truncatedBytes()).isEqualTo(n + "\nEND\n".length() - cap);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void cpuTimeIsLimited(Backend backend) {
    open(backend, SandboxLimits.defaults().withCpuSeconds(1).withWallClock(Duration.ofSeconds(20)));
    ExecResult r = sandbox.exec("while :; do :; done");
    assertThat(r.termination()).isEqualTo(ExecResult.Termination.CPU_LIMIT);
    assertThat(r.duration()).isLessThan(Duration.ofSeconds(10));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void memoryIsLimited(Backend backend) {
    open(backend, SandboxLimits.defaults().withMemoryBytes(256L << 20));
    ExecResult r = sandbox.exec("python3 -c \"x = bytearray(1 << 30); print('allocated')\"");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stdout()).doesNotContain("allocated");
    assertThat(r.stderr()).contains("MemoryError");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void writingOutsideTheWorkingCopyFailsUnderBubblewrap(Backend backend) throws IOException {
    assumeTrue(
        backend.isolation() == Isolation.BUBBLEWRAP,
        "only bubblewrap makes the host file system read-only; the file tools are confined in"
            + " every mode (LocalWorkspaceTest)");
    open(backend, SandboxLimits.defaults());
    // Outside /tmp (which bubblewrap replaces), in the build folder: visible, read-only.
    Path host = Path.of("target", "sandbox-attack-" + token()).toAbsolutePath();
    Files.createDirectories(host);
    try {
      ExecResult r =
          sandbox.exec(
              "echo pwned > "
                  + host
                  + "/file; touch /etc/arbor-pwned; mkdir /root/arbor-pwned;"
                  + " echo $?");
      assertThat(r.stderr()).contains("Read-only file system");
      assertThat(host.resolve("file")).doesNotExist();
      assertThat(Path.of("/etc/arbor-pwned")).doesNotExist();
      assertThat(Path.of("/root/arbor-pwned")).doesNotExist();
      // /tmp is private: what a command writes there is gone with the command.
      sandbox.exec("echo x > /tmp/arbor-private-" + token());
      assertThat(sandbox.exec("ls /tmp").stdout()).doesNotContain("arbor-private");
    } finally {
      Files.deleteIfExists(host.resolve("file"));
      Files.delete(host);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("isolating")
  void loopbackOfTheHostIsUnreachable(Backend backend) throws IOException {
    open(backend, SandboxLimits.defaults());
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      server.setSoTimeout(300);
      int port = server.getLocalPort();
      ExecResult r =
          sandbox.exec(
              "python3 -c \"import socket; socket.create_connection(('127.0.0.1', "
                  + port
                  + "), timeout=2); print('connected')\"");
      assertThat(r.stdout()).doesNotContain("connected");
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.stderr()).containsAnyOf("ConnectionRefused", "unreachable", "timed out");
      try (Socket s = server.accept()) {
        throw new AssertionError("the sandbox reached the host's loopback: " + s);
      } catch (SocketTimeoutException expected) {
        // nothing came in
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("isolating")
  void rootInTheSandboxHasNoPowerOverTheHost(Backend backend) {
    open(backend, SandboxLimits.defaults());
    // A block device node would give raw access to a host disk; setting the host name would
    // change the host.
    ExecResult r =
        sandbox.exec(
            "mknod disk b 8 0; echo mknod=$?; hostname arbor-pwned 2>&1; echo hostname=$?;"
                + " grep CapEff /proc/self/status");
    assertThat(r.stdout()).contains("mknod=1").doesNotContain("hostname=0");
    assertThat(sandbox.workDir().resolve("disk")).doesNotExist();
    if (backend.isolation() == Isolation.BUBBLEWRAP) {
      assertThat(r.stdout()).contains("CapEff:\t0000000000000000");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void closeKillsRunningCommands(Backend backend) throws Exception {
    open(backend, SandboxLimits.defaults());
    String t = token();
    var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      var running = pool.submit(() -> sandbox.exec("sleep " + t));
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (Backends.hostProcessesWith("sleep " + t).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      sandbox.close();
      ExecResult r = running.get();
      assertThat(r.termination()).isEqualTo(ExecResult.Termination.KILLED);
      assertThat(Backends.hostProcessesWith("sleep " + t)).isEmpty();
      assertThat(sandbox.workDir()).doesNotExist();
    } finally {
      pool.shutdownNow();
    }
  }
}
