package dev.arbor.tasks.suite.miniswe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tasks.Resources;
import dev.arbor.tasks.verify.CommandResult;
import dev.arbor.tasks.verify.LocalCommandRunner;
import dev.arbor.tasks.verify.TestReport;
import dev.arbor.tasks.verify.TestStatus;
import dev.arbor.tasks.verify.TestVerifier;
import dev.arbor.tasks.verify.WorkingCopy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every shipped mini-swe task: in a fresh copy of its repository the reward is 0 (every
 * FAIL_TO_PASS test fails, every PASS_TO_PASS test passes); in another copy with the gold patch
 * applied (cleanly, with {@code patch -p1} and {@code git apply}) the reward is 1. Tasks run in
 * parallel; every command has a timeout.
 */
@Execution(ExecutionMode.CONCURRENT)
class MiniSweGoldPatchTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  static List<TaskSpec> tasks() throws IOException {
    return MiniSwe.load(Resources.miniSwe()).all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tasks")
  @Timeout(120)
  void goldPatchTurnsRewardFromZeroToOne(TaskSpec task) throws IOException {
    try (WorkingCopy before = WorkingCopy.of(task)) {
      TestReport r = TestVerifier.verify(task, new LocalCommandRunner(before.root()));
      assertThat(r.score()).as(r.detail()).isZero();
      assertThat(r.failToPass().values())
          .as("FAIL_TO_PASS before the fix: %s\n%s", r.failToPass(), log(r))
          .doesNotContain(TestStatus.PASSED, TestStatus.MISSING);
      assertThat(r.passToPass().values())
          .as("PASS_TO_PASS before the fix: %s\n%s", r.passToPass(), log(r))
          .containsOnly(TestStatus.PASSED);
    }
    try (WorkingCopy after = WorkingCopy.of(task)) {
      LocalCommandRunner runner = new LocalCommandRunner(after.root());
      CommandResult gitCheck = runner.run("git apply --check -p1 -", task.getGoldPatch(), TIMEOUT);
      assertThat(gitCheck.ok()).as("git apply --check: %s", gitCheck.stderr()).isTrue();
      CommandResult patched =
          runner.run(TestVerifier.APPLY_PATCH_COMMAND, task.getGoldPatch(), TIMEOUT);
      assertThat(patched.ok()).as("patch -p1: %s", patched.combinedOutput()).isTrue();
      assertThat(patched.combinedOutput()).doesNotContain("offset", "fuzz");

      TestReport r = TestVerifier.verify(task, runner);
      assertThat(r.score()).as("%s\n%s", r.detail(), log(r)).isEqualTo(1.0);
      assertThat(r.resolved()).isTrue();
      assertThat(r.failToPass().values()).containsOnly(TestStatus.PASSED);
      assertThat(r.passToPass().values()).containsOnly(TestStatus.PASSED);
    }
  }

  private static String log(TestReport r) {
    StringBuilder sb = new StringBuilder();
    r.commands()
        .forEach(c -> sb.append("$ ").append(c.command()).append('\n').append(c.combinedOutput()));
    return sb.toString();
  }
}
