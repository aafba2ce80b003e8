package dev.arbor.tasks.suite.miniswe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tasks.Resources;
import dev.arbor.tasks.teacher.LocalToolResults;
import dev.arbor.tasks.teacher.MiniSweTeacher;
import dev.arbor.tasks.teacher.TeacherStore;
import dev.arbor.tasks.teacher.TeacherTrajectory;
import dev.arbor.tasks.teacher.TextSegment;
import dev.arbor.tasks.verify.LocalCommandRunner;
import dev.arbor.tasks.verify.TestReport;
import dev.arbor.tasks.verify.TestStatus;
import dev.arbor.tasks.verify.TestVerifier;
import dev.arbor.tasks.verify.WorkingCopy;
import dev.arbor.tree.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every shipped mini-swe task: in a fresh copy of its repository the reward is 0 (every
 * FAIL_TO_PASS test fails, every PASS_TO_PASS test passes); in another copy where the teacher
 * episode applied the gold patch (exactly, with the Java applier of {@code tools.patch}; no {@code
 * patch} or {@code git} binary is needed) and ran the tests, the reward is 1, and the episode is
 * the one stored in {@code teacher.jsonl}. Tasks run in parallel; every command has a timeout.
 */
@Execution(ExecutionMode.CONCURRENT)
class MiniSweGoldPatchTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static final Map<String, TeacherTrajectory> STORED = stored();

  private static Map<String, TeacherTrajectory> stored() {
    try {
      return TeacherStore.readByTask(Resources.miniSwe().resolve(TeacherStore.FILE_NAME));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

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
      TeacherTrajectory teacher =
          MiniSweTeacher.generate(task, after.root(), new LocalToolResults(runner, TIMEOUT));
      String patchOutput = teacher.segments().get(6).text();
      assertThat(patchOutput)
          .startsWith("<tool_result name=\"apply_patch\" status=\"ok\">\npatching file")
          .doesNotContain("offset", "fuzz");
      String testRun = teacher.segments().get(9).text();
      assertThat(testRun).startsWith("<tool_result name=\"run\" status=\"ok\" exit_code=\"0\">");

      TestReport r = TestVerifier.verify(task, runner);
      assertThat(r.score()).as("%s\n%s", r.detail(), log(r)).isEqualTo(1.0);
      assertThat(r.resolved()).isTrue();
      assertThat(r.failToPass().values()).containsOnly(TestStatus.PASSED);
      assertThat(r.passToPass().values()).containsOnly(TestStatus.PASSED);

      TeacherTrajectory stored = STORED.get(task.getId());
      assertThat(stored)
          .as(
              "no teacher for %s in %s: run 'arbor tasks teacher resources/tasks/mini-swe'",
              task.getId(), TeacherStore.FILE_NAME)
          .isNotNull();
      assertThat(withoutTestOutput(stored))
          .as(
              "stored teacher of %s is stale: run 'arbor tasks teacher resources/tasks/mini-swe'",
              task.getId())
          .isEqualTo(withoutTestOutput(teacher));
    }
  }

  /** The episode with the output of test runs blanked (it varies with the Python version). */
  private static List<TextSegment> withoutTestOutput(TeacherTrajectory t) {
    List<TextSegment> out = new ArrayList<>(t.segments());
    out.set(9, TextSegment.text(Role.TOOL_RESULT, "(test output)"));
    return out;
  }

  private static String log(TestReport r) {
    StringBuilder sb = new StringBuilder();
    r.commands()
        .forEach(c -> sb.append("$ ").append(c.command()).append('\n').append(c.combinedOutput()));
    return sb.toString();
  }
}
