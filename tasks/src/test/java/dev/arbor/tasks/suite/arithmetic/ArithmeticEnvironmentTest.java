package dev.arbor.tasks.suite.arithmetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tasks.env.Observation;
import dev.arbor.tasks.env.Reward;
import dev.arbor.tasks.suite.Split;
import dev.arbor.tasks.teacher.ArithmeticTeacher;
import dev.arbor.tasks.teacher.TeacherTrajectory;
import dev.arbor.tasks.teacher.TextSegment;
import dev.arbor.tasks.tools.ToolCallFormat;
import dev.arbor.tasks.tools.ToolCallParser;
import dev.arbor.tree.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArithmeticEnvironmentTest {

  /**
   * Replaying a teacher's calls through the environment gives byte-identical TOOL_RESULT text, and
   * the teacher's submission scores 1: supervised episodes teach exactly what the agent will see.
   */
  @Test
  void teacherEpisodesReplayByteForByteAndScoreOne() {
    List<ArithmeticProblem> problems =
        ArithmeticSuite.builder().optTrainPerLevel(40).build().problems(Split.TRAIN);
    assertThat(problems).hasSizeGreaterThanOrEqualTo(200);
    ArithmeticEnvironment env = new ArithmeticEnvironment();
    int replayed = 0;
    for (ArithmeticProblem p : problems.subList(0, 200)) {
      boolean parallel = replayed % 2 == 0;
      TeacherTrajectory teacher = ArithmeticTeacher.generate(p, parallel);
      env.reset(ArithmeticSuite.toTask(p));
      List<TextSegment> segs = teacher.segments();
      for (int i = 0; i < segs.size(); i++) {
        if (segs.get(i).role() != Role.TOOL_CALL) {
          continue;
        }
        assertThat(env.done()).isFalse();
        String results =
            ToolCallFormat.renderResults(
                env.step(ToolCallParser.parse(segs.get(i).text(), p.id() + "-" + i)));
        if (i + 1 < segs.size()) {
          assertThat(segs.get(i + 1).role()).isEqualTo(Role.TOOL_RESULT);
          assertThat(results).as(p.id()).isEqualTo(segs.get(i + 1).text());
        }
      }
      assertThat(env.done()).as(p.id()).isTrue();
      Reward r = env.verify();
      assertThat(r.score()).as("%s: %s", p.id(), r.details()).isEqualTo(1.0);
      replayed++;
    }
    assertThat(replayed).isEqualTo(200);
  }

  @Test
  void promptPutsTheSharedToolInstructionsFirst() {
    List<TaskSpec> tasks = ArithmeticSuite.builder().optTrainPerLevel(2).build().tasks(Split.TRAIN);
    ArithmeticEnvironment env = new ArithmeticEnvironment();
    Observation a = env.reset(tasks.get(0));
    Observation b = env.reset(tasks.get(tasks.size() - 1));
    assertThat(a.system()).isEqualTo(b.system()).contains("calc(expr)").contains("submit");
    assertThat(a.system()).doesNotContain("run(");
    assertThat(a.user()).isEqualTo(tasks.get(0).getInstruction());
  }

  @Test
  void wrongMissingOrMalformedAnswersScoreZero() {
    TaskSpec task = ArithmeticSuite.builder().optTrainPerLevel(1).build().tasks(Split.TRAIN).get(0);
    ArithmeticEnvironment env = new ArithmeticEnvironment();
    env.reset(task);
    assertThat(env.verify().score()).isZero();
    assertThat(env.verify().details()).contains("no answer");

    var results =
        env.step(
            ToolCallParser.parse(
                "<tool_call>{\"name\": \"calc\", \"arguments\": {\"expr\": \"1/0\"}}</tool_call>"
                    + "<tool_call>{\"name\": \"run\", \"arguments\": {\"cmd\": \"ls\"}}</tool_call>"
                    + "<tool_call>{oops</tool_call>",
                "t"));
    assertThat(results).hasSize(3);
    assertThat(ToolCallFormat.renderResults(results))
        .contains("status=\"error\"")
        .contains("unknown tool 'run'")
        .contains("malformed tool call");
    assertThat(env.done()).isFalse();

    env.step(
        ToolCallParser.parse(
            "<tool_call>{\"name\": \"submit\", \"arguments\": {\"answer\": \"-1\"}}</tool_call>",
            "t2"));
    assertThat(env.done()).isTrue();
    assertThat(env.verify().score()).isZero();
    assertThat(env.verify().details()).contains("wrong answer");

    env.reset(task);
    assertThat(env.done()).isFalse();
  }

  @Test
  void rejectsTasksWithoutAnswerAndStepsBeforeReset() {
    ArithmeticEnvironment env = new ArithmeticEnvironment();
    assertThatThrownBy(() -> env.step(List.of())).hasMessageContaining("reset");
    assertThatThrownBy(() -> env.reset(TaskSpec.newBuilder().setId("x").build()))
        .hasMessageContaining("task x has no reference_answer");
  }
}
