package dev.arbor.tasks.suite.miniswe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tasks.Resources;
import dev.arbor.tasks.env.RepoEnvironment;
import dev.arbor.tasks.env.Reward;
import dev.arbor.tasks.sandbox.ProcessSandboxFactory;
import dev.arbor.tasks.sandbox.SandboxConfig;
import dev.arbor.tasks.teacher.MiniSweTeacher;
import dev.arbor.tasks.teacher.TeacherStore;
import dev.arbor.tasks.teacher.TeacherTrajectory;
import dev.arbor.tasks.teacher.TextSegment;
import dev.arbor.tasks.tools.ToolRegistry;
import dev.arbor.tree.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every shipped mini-swe task, in sandboxes with the agent's own tools ({@link
 * RepoEnvironment}, the best isolation this host has): in a fresh episode the reward is 0, with
 * every FAIL_TO_PASS test failing and every PASS_TO_PASS test passing; in an episode where the
 * teacher read the code, applied the gold patch with {@code apply_patch} and ran the tests, the
 * reward is 1, and the episode is the one stored in {@code teacher.jsonl}. Tasks run in parallel.
 */
@Execution(ExecutionMode.CONCURRENT)
class MiniSweGoldPatchTest {
  private static final Map<String, TeacherTrajectory> STORED = stored();

  private static Path root;
  private static ProcessSandboxFactory sandboxes;

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

  @BeforeAll
  static void startSandboxes() throws IOException {
    root = Files.createTempDirectory("arbor-gold-");
    sandboxes = ProcessSandboxFactory.create(SandboxConfig.defaults().withRoot(root));
  }

  @AfterAll
  static void stopSandboxes() throws IOException {
    sandboxes.close();
    try (var s = Files.list(root)) {
      assertThat(s.toList()).as("sandbox folders left").isEmpty();
    }
    Files.delete(root);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tasks")
  @Timeout(180)
  void goldPatchTurnsRewardFromZeroToOne(TaskSpec task) throws IOException {
    try (RepoEnvironment env = newEnvironment()) {
      env.reset(task);
      Reward before = env.verify();
      assertThat(before.outcome()).as(before.details()).isEqualTo(Reward.Outcome.SCORED);
      assertThat(before.score()).as(before.details()).isZero();
      assertThat(before.failedTests())
          .as("only the FAIL_TO_PASS tests fail before the fix\n%s", before.details())
          .containsExactlyElementsOf(task.getFailToPassList());
      assertThat(before.passedTests()).containsExactlyElementsOf(task.getPassToPassList());
    }
    try (RepoEnvironment env = newEnvironment()) {
      TeacherTrajectory teacher = MiniSweTeacher.generate(task, env);
      assertThat(teacher.segments().get(6).text())
          .startsWith("<tool_result name=\"apply_patch\" status=\"ok\">\npatch applied:");
      assertThat(teacher.segments().get(9).text())
          .startsWith("<tool_result name=\"run\" status=\"ok\" exit_code=\"0\">");

      Reward after = env.verify();
      assertThat(after.score()).as(after.details()).isEqualTo(1.0);
      assertThat(after.failedTests()).isEmpty();

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

  private static RepoEnvironment newEnvironment() {
    return new RepoEnvironment(
        sandboxes, ToolRegistry.standard(), RepoEnvironment.Options.defaults());
  }

  /** The episode with the output of test runs blanked (it varies with the Python version). */
  private static List<TextSegment> withoutTestOutput(TeacherTrajectory t) {
    List<TextSegment> out = new ArrayList<>(t.segments());
    out.set(9, TextSegment.text(Role.TOOL_RESULT, "(test output)"));
    return out;
  }
}
