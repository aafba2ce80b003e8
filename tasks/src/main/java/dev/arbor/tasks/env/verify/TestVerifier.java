package dev.arbor.tasks.env.verify;

import dev.arbor.proto.v1.RepositorySnapshot;
import dev.arbor.proto.v1.SnapshotKind;
import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tasks.InfraFailure;
import dev.arbor.tasks.env.Reward;
import dev.arbor.tasks.sandbox.ExecResult;
import dev.arbor.tasks.sandbox.Sandbox;
import dev.arbor.tasks.sandbox.Shell;
import dev.arbor.tasks.sandbox.Workspace;
import dev.arbor.tasks.tools.patch.PatchApplier;
import dev.arbor.tasks.tools.patch.PatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task's tests in its sandbox and judges them, the way SWE-bench harnesses do.
 *
 * <ol>
 *   <li>The task's {@code test_patch}, if any, is applied, after the files it touches were restored
 *       from the pristine snapshot (DIRECTORY: copied back; GIT: {@code git checkout base --}), so
 *       an agent that edited the tests cannot make the patch fail or keep its own version.
 *   <li>Every {@code test_commands} entry runs in the working copy. A command with {@code {test}}
 *       runs once per test id (shell-quoted in its place) and its exit code decides (0 = pass);
 *       {@code {tests}} is replaced by all ids; other commands run once and their output (stdout
 *       and stderr) goes through the parser named by the task's {@code test_log_format} ({@code
 *       pytest}, {@code unittest}, {@code tap} or {@code auto}, see {@link TestLogParser#named}),
 *       else by its label {@value #PARSER_LABEL}, else {@code auto}.
 *   <li>Score 1 when every FAIL_TO_PASS test passed and no PASS_TO_PASS test failed (skipped is
 *       fine there; a test the log does not mention counts as failed); else 0. A task without test
 *       ids scores 1 when every command exits 0.
 * </ol>
 *
 * A test patch that does not apply to the pristine files, a command that cannot start, a task
 * without test commands or a crash of the verifier give {@link Reward#infraFailed}: the task or the
 * infrastructure is broken, not the agent's work. A test run that times out is the agent's (its
 * code may loop): its tests count as failed.
 */
public final class TestVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(TestVerifier.class);

  /** Task label that names the log parser. */
  public static final String PARSER_LABEL = "test_parser";

  public static final String TEST_PLACEHOLDER = "{test}";
  public static final String TESTS_PLACEHOLDER = "{tests}";
  private static final int LOG_TAIL_CHARS = 4000;

  /**
   * @param timeout wall clock per test command
   * @param logCapBytes output kept per test command (whole test logs are needed to parse them)
   */
  public record Options(Duration timeout, int logCapBytes) {
    public static Options defaults() {
      return new Options(Duration.ofMinutes(10), 16 << 20);
    }
  }

  private TestVerifier() {}

  /** Verifies the state of {@code sandbox}'s working copy against {@code task}; never throws. */
  public static Reward verify(TaskSpec task, Sandbox sandbox, Options options) {
    try {
      return run(task, sandbox, options);
    } catch (InfraFailure e) {
      return Reward.infraFailed("task " + task.getId() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("verifier crashed on task {}", task.getId(), e);
      return Reward.infraFailed("task " + task.getId() + ": verifier crashed: " + e);
    }
  }

  private static Reward run(TaskSpec task, Sandbox sandbox, Options options) {
    if (task.getTestCommandsCount() == 0) {
      throw new InfraFailure("the task has no test_commands; it cannot be verified");
    }
    TestLogParser parser;
    boolean fromField = !task.getTestLogFormat().isEmpty();
    try {
      parser =
          TestLogParser.named(
              fromField ? task.getTestLogFormat() : task.getLabelsOrDefault(PARSER_LABEL, "auto"));
    } catch (IllegalArgumentException e) {
      throw new InfraFailure(
          (fromField ? "test_log_format" : "label " + PARSER_LABEL) + ": " + e.getMessage());
    }
    applyTestPatch(task, sandbox);
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(concat(task)));
    Map<String, TestStatus> results = new LinkedHashMap<>();
    StringBuilder log = new StringBuilder();
    boolean allExitedZero = true;
    for (String command : task.getTestCommandsList()) {
      if (command.contains(TEST_PLACEHOLDER)) {
        for (String id : ids) {
          ExecResult r =
              exec(sandbox, command.replace(TEST_PLACEHOLDER, Shell.quote(id)), options, log);
          results.put(TestIds.canonical(id), r.ok() ? TestStatus.PASSED : TestStatus.FAILED);
          allExitedZero &= r.ok();
        }
      } else {
        String all = ids.stream().map(Shell::quote).collect(Collectors.joining(" "));
        ExecResult r = exec(sandbox, command.replace(TESTS_PLACEHOLDER, all), options, log);
        allExitedZero &= r.ok();
        parser
            .parse(r.stdout() + "\n" + r.stderr())
            .forEach((k, v) -> results.merge(k, v, TestStatus::worse));
      }
    }
    return judge(task, results, allExitedZero, log);
  }

  private static Reward judge(
      TaskSpec task, Map<String, TestStatus> results, boolean allExitedZero, StringBuilder log) {
    String tail = tail(log);
    if (task.getFailToPassCount() == 0 && task.getPassToPassCount() == 0) {
      return Reward.scored(
          allExitedZero ? 1 : 0,
          List.of(),
          List.of(),
          (allExitedZero ? "all test commands exited 0" : "a test command failed") + "\n" + tail);
    }
    List<String> passed = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    int f2p = 0;
    for (String id : task.getFailToPassList()) {
      TestStatus s = results.get(TestIds.canonical(id));
      if (s != null && s.passed()) {
        passed.add(id);
        f2p++;
      } else {
        failed.add(id);
      }
    }
    int p2p = 0;
    for (String id : task.getPassToPassList()) {
      TestStatus s = results.get(TestIds.canonical(id));
      if (s != null && !s.failed()) {
        passed.add(id);
        p2p++;
      } else {
        failed.add(id);
      }
    }
    boolean resolved = failed.isEmpty();
    String details =
        String.format(
            "FAIL_TO_PASS %d/%d passed, PASS_TO_PASS %d/%d still pass%s%n%s",
            f2p,
            task.getFailToPassCount(),
            p2p,
            task.getPassToPassCount(),
            failed.isEmpty() ? "" : "; failed or missing: " + failed,
            tail);
    return Reward.scored(resolved ? 1 : 0, passed, failed, details);
  }

  private static ExecResult exec(
      Sandbox sandbox, String command, Options options, StringBuilder log) {
    ExecResult r = sandbox.exec(command, options.timeout(), options.logCapBytes());
    log.append("$ ").append(command).append('\n').append(r.stdout()).append(r.stderr());
    if (r.termination() != ExecResult.Termination.EXITED) {
      log.append("[")
          .append(r.termination())
          .append(" after ")
          .append(r.duration().toSeconds())
          .append(" s]\n");
    } else {
      log.append("[exit ").append(r.exitCode()).append("]\n");
    }
    return r;
  }

  /** Restores the files the test patch touches from the snapshot, then applies it. */
  static void applyTestPatch(TaskSpec task, Sandbox sandbox) {
    String patch = task.getTestPatch();
    if (patch.isBlank()) {
      return;
    }
    try {
      List<String> paths = PatchApplier.paths(patch);
      restore(task.getRepository(), paths, sandbox);
      PatchApplier.apply(patch, sandbox.workspace());
    } catch (PatchException e) {
      throw new InfraFailure("test_patch does not apply to the restored files: " + e.getMessage());
    } catch (IOException e) {
      throw new InfraFailure("applying test_patch failed: " + e.getMessage(), e);
    }
  }

  private static void restore(RepositorySnapshot snap, List<String> paths, Sandbox sandbox)
      throws IOException {
    Workspace ws = sandbox.workspace();
    if (snap.getKind() == SnapshotKind.SNAPSHOT_KIND_DIRECTORY) {
      Path root = Path.of(snap.getLocation()).toAbsolutePath().normalize();
      for (String p : paths) {
        Path src = root.resolve(p).normalize();
        if (!src.startsWith(root)) {
          throw new IOException("test_patch path '" + p + "' leaves the snapshot");
        }
        if (Files.isRegularFile(src)) {
          ws.write(p, Files.readAllBytes(src));
        } else if (ws.typeOf(p) != Workspace.EntryType.MISSING) {
          ws.delete(p);
        }
      }
    } else if (snap.getKind() == SnapshotKind.SNAPSHOT_KIND_GIT) {
      String base = snap.getBaseCommit().isBlank() ? "HEAD" : snap.getBaseCommit();
      StringBuilder script = new StringBuilder("set -e; b=" + Shell.quote(base) + "; for p in");
      paths.forEach(p -> script.append(' ').append(Shell.quote(p)));
      script.append(
          "; do if git cat-file -e \"$b:$p\" 2>/dev/null; then git checkout -q \"$b\" -- \"$p\";"
              + " else rm -f -- \"$p\"; fi; done");
      ExecResult r = sandbox.exec(script.toString());
      if (!r.ok()) {
        throw new InfraFailure("restoring test files from git failed: " + r.stderr().strip());
      }
    }
  }

  private static List<String> concat(TaskSpec task) {
    List<String> ids = new ArrayList<>(task.getFailToPassList());
    ids.addAll(task.getPassToPassList());
    return ids;
  }

  private static String tail(StringBuilder log) {
    return log.length() <= LOG_TAIL_CHARS
        ? log.toString()
        : "[...]\n" + log.substring(log.length() - LOG_TAIL_CHARS);
  }
}
