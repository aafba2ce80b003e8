package dev.arbor.tasks.verify;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of running a task's tests in a working copy.
 *
 * @param taskId the task
 * @param resolved whether every FAIL_TO_PASS and PASS_TO_PASS test passed (or, without a log
 *     format, every test command exited with 0)
 * @param score 1 if resolved, else 0
 * @param failToPass status of each FAIL_TO_PASS test, in the task's order
 * @param passToPass status of each PASS_TO_PASS test, in the task's order
 * @param commands the commands run (test patch, then test commands), with their output
 * @param detail a one-line summary for people, e.g. {@code FAIL_TO_PASS 1/2 passed, PASS_TO_PASS
 *     3/3 passed}
 */
public record TestReport(
    String taskId,
    boolean resolved,
    double score,
    Map<String, TestStatus> failToPass,
    Map<String, TestStatus> passToPass,
    List<CommandResult> commands,
    String detail) {

  public TestReport {
    failToPass = Collections.unmodifiableMap(new LinkedHashMap<>(failToPass));
    passToPass = Collections.unmodifiableMap(new LinkedHashMap<>(passToPass));
    commands = List.copyOf(commands);
  }

  /** Number of tests in {@code statuses} that passed. */
  public static long passed(Map<String, TestStatus> statuses) {
    return statuses.values().stream().filter(s -> s == TestStatus.PASSED).count();
  }

  /** Whether every FAIL_TO_PASS test did not pass: the state a task must start in. */
  public boolean allFailToPassFail() {
    return passed(failToPass) == 0;
  }

  /** Whether every PASS_TO_PASS test passed. */
  public boolean allPassToPassPass() {
    return passed(passToPass) == passToPass.size();
  }
}
