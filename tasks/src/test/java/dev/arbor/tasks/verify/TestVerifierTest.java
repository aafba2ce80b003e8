package dev.arbor.tasks.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.proto.v1.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The verifier's logic against a scripted runner (no processes). */
class TestVerifierTest {

  /** Answers each command with a canned result and records the commands and inputs. */
  private static final class Scripted implements CommandRunner {
    final List<String> seen = new ArrayList<>();
    final Function<String, CommandResult> answer;

    Scripted(Function<String, CommandResult> answer) {
      this.answer = answer;
    }

    @Override
    public CommandResult run(String command, String stdin, Duration timeout) {
      seen.add(command + (stdin.isEmpty() ? "" : " <<" + stdin));
      return answer.apply(command);
    }

    @Override
    public CommandResult applyPatch(String patch) {
      seen.add("apply_patch <<" + patch);
      return answer.apply("apply_patch");
    }
  }

  private static CommandResult out(String command, int exit, String stdout) {
    return new CommandResult(command, exit, stdout, "", false, 1);
  }

  private static final TaskSpec TAP_TASK =
      TaskSpec.newBuilder()
          .setId("t")
          .addTestCommands("run-tests")
          .addFailToPass("a")
          .addPassToPass("b")
          .addPassToPass("c")
          .setTestLogFormat("tap")
          .build();

  @Test
  void resolvedOnlyWhenEveryListedTestPasses() throws Exception {
    TestReport ok =
        TestVerifier.verify(TAP_TASK, new Scripted(c -> out(c, 0, "ok 1 - a\nok 2 - b\nok 3 - c")));
    assertThat(ok.resolved()).isTrue();
    assertThat(ok.score()).isEqualTo(1.0);
    assertThat(ok.detail()).isEqualTo("FAIL_TO_PASS 1/1 passed, PASS_TO_PASS 2/2 passed");

    TestReport missing =
        TestVerifier.verify(TAP_TASK, new Scripted(c -> out(c, 0, "ok 1 - a\nok 2 - b")));
    assertThat(missing.resolved()).isFalse();
    assertThat(missing.passToPass()).containsEntry("c", TestStatus.MISSING);

    TestReport before =
        TestVerifier.verify(
            TAP_TASK, new Scripted(c -> out(c, 1, "not ok 1 - a\nok 2 - b\nok 3 - c")));
    assertThat(before.score()).isZero();
    assertThat(before.allFailToPassFail()).isTrue();
    assertThat(before.allPassToPassPass()).isTrue();
  }

  @Test
  void theTestPatchIsAppliedFirstAndAFailureToApplyScoresZero() throws Exception {
    TaskSpec withPatch = TAP_TASK.toBuilder().setTestPatch("PATCH").build();
    Scripted ok = new Scripted(c -> out(c, 0, "ok 1 - a\nok 2 - b\nok 3 - c"));
    assertThat(TestVerifier.verify(withPatch, ok).resolved()).isTrue();
    assertThat(ok.seen).containsExactly("apply_patch <<PATCH", "run-tests");

    Scripted rejects =
        new Scripted(
            c -> c.equals("apply_patch") ? out(c, 1, "Hunk #1 FAILED at 3.") : out(c, 0, ""));
    TestReport r = TestVerifier.verify(withPatch, rejects);
    assertThat(r.score()).isZero();
    assertThat(r.detail()).isEqualTo("the test patch did not apply: Hunk #1 FAILED at 3.");
    assertThat(rejects.seen).hasSize(1);
  }

  @Test
  void withoutALogFormatTheExitCodesDecide() throws Exception {
    TaskSpec task = TAP_TASK.toBuilder().setTestLogFormat("").addTestCommands("second").build();
    assertThat(TestVerifier.verify(task, new Scripted(c -> out(c, 0, ""))).resolved()).isTrue();
    TestReport r =
        TestVerifier.verify(task, new Scripted(c -> out(c, c.equals("second") ? 1 : 0, "")));
    assertThat(r.resolved()).isFalse();
    assertThat(r.failToPass()).containsEntry("a", TestStatus.FAILED);
  }

  @Test
  void timeoutsAreReportedAsTheAgentsFailure() throws Exception {
    TestReport r =
        TestVerifier.verify(
            TAP_TASK, new Scripted(c -> new CommandResult(c, -1, "ok 1 - a", "", true, 5)));
    assertThat(r.resolved()).isFalse();
    assertThat(r.detail()).contains("'run-tests' timed out");
  }

  @Test
  void aTaskWithoutTestsIsRejected() {
    assertThatThrownBy(
            () ->
                TestVerifier.verify(
                    TaskSpec.newBuilder().setId("x").build(), new Scripted(c -> null)))
        .hasMessageContaining("task x has no test_commands");
  }
}
