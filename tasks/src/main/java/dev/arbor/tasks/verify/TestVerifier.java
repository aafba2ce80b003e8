package dev.arbor.tasks.verify;

import dev.arbor.proto.v1.TaskSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies a test-checked task in a working copy, as SWE-bench does: apply the task's hidden {@code
 * test_patch} (if any) with {@link CommandRunner#applyPatch} (exact, all or nothing), run every
 * {@code test_command}, read per-test results from their output with the task's {@link
 * TestLogFormat}, and call the task resolved when every FAIL_TO_PASS and every PASS_TO_PASS test
 * passed. Reward: 1 if resolved, else 0.
 *
 * <p>The task's setup commands are not run here: they belong to the episode's start ({@code
 * Environment.reset}), before the agent works.
 *
 * <p>A test patch that does not apply (the agent rewrote the test files), a timeout or a crash of
 * the tests are the agent's failure: score 0 with the reason in the detail. Only a runner that
 * cannot start commands at all throws, which the environment reports as an infrastructure failure.
 */
public final class TestVerifier {
  /** Wall-clock limit per command when the task sets none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  private TestVerifier() {}

  /**
   * Runs {@code task}'s tests through {@code runner}.
   *
   * @throws IllegalArgumentException if the task has no test commands or an unknown log format
   * @throws IOException if the runner could not start a command
   */
  public static TestReport verify(TaskSpec task, CommandRunner runner) throws IOException {
    if (task.getTestCommandsCount() == 0) {
      throw new IllegalArgumentException(
          "task " + task.getId() + " has no test_commands: it cannot be verified by its tests");
    }
    Optional<TestLogFormat> format = TestLogFormat.forLabel(task.getTestLogFormat());
    Duration timeout =
        task.getLimits().getWallClockTimeoutMs() > 0
            ? Duration.ofMillis(task.getLimits().getWallClockTimeoutMs())
            : DEFAULT_TIMEOUT;
    List<CommandResult> commands = new ArrayList<>();
    if (!task.getTestPatch().isEmpty()) {
      CommandResult applied = runner.applyPatch(task.getTestPatch());
      commands.add(applied);
      if (!applied.ok()) {
        return failed(task, commands, "the test patch did not apply: " + firstLine(applied));
      }
    }
    StringBuilder log = new StringBuilder();
    boolean allOk = true;
    List<String> problems = new ArrayList<>();
    for (String command : task.getTestCommandsList()) {
      CommandResult r = runner.run(command, timeout);
      commands.add(r);
      log.append(r.combinedOutput()).append('\n');
      allOk &= r.ok();
      if (r.timedOut()) {
        problems.add("'" + command + "' timed out after " + timeout.toMillis() + " ms");
      }
    }
    Map<String, TestStatus> seen =
        format.isPresent() ? format.get().parse(log.toString()) : Map.of();
    TestStatus fallback = allOk ? TestStatus.PASSED : TestStatus.FAILED;
    Map<String, TestStatus> f2p = statuses(task.getFailToPassList(), seen, format, fallback);
    Map<String, TestStatus> p2p = statuses(task.getPassToPassList(), seen, format, fallback);
    boolean resolved =
        format.isPresent()
            ? TestReport.passed(f2p) == f2p.size() && TestReport.passed(p2p) == p2p.size()
            : allOk;
    String detail =
        String.format(
            "FAIL_TO_PASS %d/%d passed, PASS_TO_PASS %d/%d passed%s",
            TestReport.passed(f2p),
            f2p.size(),
            TestReport.passed(p2p),
            p2p.size(),
            problems.isEmpty() ? "" : "; " + String.join("; ", problems));
    return new TestReport(task.getId(), resolved, resolved ? 1 : 0, f2p, p2p, commands, detail);
  }

  private static Map<String, TestStatus> statuses(
      List<String> ids,
      Map<String, TestStatus> seen,
      Optional<TestLogFormat> format,
      TestStatus fallback) {
    Map<String, TestStatus> out = new LinkedHashMap<>();
    for (String id : ids) {
      out.put(id, format.isPresent() ? seen.getOrDefault(id, TestStatus.MISSING) : fallback);
    }
    return out;
  }

  private static TestReport failed(TaskSpec task, List<CommandResult> commands, String why) {
    Map<String, TestStatus> f2p = new LinkedHashMap<>();
    task.getFailToPassList().forEach(id -> f2p.put(id, TestStatus.MISSING));
    Map<String, TestStatus> p2p = new LinkedHashMap<>();
    task.getPassToPassList().forEach(id -> p2p.put(id, TestStatus.MISSING));
    return new TestReport(task.getId(), false, 0, f2p, p2p, commands, why);
  }

  private static String firstLine(CommandResult r) {
    String text = (r.stdout() + "\n" + r.stderr()).strip();
    int nl = text.indexOf('\n');
    return r.timedOut() ? "timed out" : nl < 0 ? text : text.substring(0, nl);
  }
}
