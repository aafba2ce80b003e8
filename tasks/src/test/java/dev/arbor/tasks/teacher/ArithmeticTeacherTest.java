package dev.arbor.tasks.teacher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.tasks.ToolCallFormat;
import dev.arbor.tasks.suite.Split;
import dev.arbor.tasks.suite.arithmetic.AnswerVerifier;
import dev.arbor.tasks.suite.arithmetic.ArithmeticProblem;
import dev.arbor.tasks.suite.arithmetic.ArithmeticSuite;
import dev.arbor.tasks.suite.arithmetic.Level;
import dev.arbor.tasks.suite.arithmetic.ProblemGenerator;
import dev.arbor.tasks.tools.calc.CalcException;
import dev.arbor.tasks.tools.calc.Calculator;
import dev.arbor.tree.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArithmeticTeacherTest {
  private static final List<ArithmeticProblem> PROBLEMS =
      ArithmeticSuite.builder().optTrainPerLevel(60).build().problems(Split.TRAIN);

  @Test
  void aLevelOneEpisodeReadsLikeThis() {
    ArithmeticProblem p = ProblemGenerator.generate(Level.of(1), Split.TRAIN, 3);
    TeacherTrajectory t = ArithmeticTeacher.generate(p, false);
    assertThat(t.segments())
        .extracting(TextSegment::role)
        .containsExactly(
            Role.PROMPT,
            Role.MODEL,
            Role.TOOL_CALL,
            Role.TOOL_RESULT,
            Role.MODEL,
            Role.TOOL_CALL,
            Role.TOOL_RESULT,
            Role.MODEL,
            Role.TOOL_CALL);
    assertThat(t.segments().get(0).text()).isEqualTo(p.text());
    assertThat(t.segments().get(1).text()).isEqualTo("Lena gives away 2 stickers: 6-2.");
    assertThat(t.segments().get(2).text())
        .isEqualTo(
            "<tool_call>{\"name\": \"calc\", \"arguments\": {\"expr\": \"6-2\"}}</tool_call>");
    assertThat(t.segments().get(3).text())
        .isEqualTo("<tool_result name=\"calc\" status=\"ok\">\n4\n</tool_result>");
    assertThat(t.segments().get(7).text()).isEqualTo("The answer is 12.");
    assertThat(t.segments().get(8).text())
        .isEqualTo(
            "<tool_call>{\"name\": \"submit\", \"arguments\": {\"answer\": \"12\"}}</tool_call>");
    assertThat(t.origin()).isEqualTo(TeacherTrajectory.GENERATED);
    assertThat(t.turns()).isEqualTo(3);
  }

  @Test
  void everyEpisodeIsCorrectSequentialOrParallel() {
    boolean sawParallelTurn = false;
    for (ArithmeticProblem p : PROBLEMS) {
      for (boolean parallel : new boolean[] {false, true}) {
        TeacherTrajectory t = ArithmeticTeacher.generate(p, parallel);
        assertThat(t.taskId()).isEqualTo(p.id());
        List<TextSegment> segs = t.segments();
        for (int i = 0; i < segs.size(); i++) {
          TextSegment s = segs.get(i);
          if (s.role() != Role.TOOL_CALL || s.calls().get(0).name().equals(ToolCallFormat.SUBMIT)) {
            continue;
          }
          List<String> expected =
              s.calls().stream().map(c -> calc(c.arguments().get("expr"))).toList();
          for (String value : expected) {
            assertThat(segs.get(i + 1).text()).contains(">\n" + value);
          }
          sawParallelTurn |= s.calls().size() > 1;
          assertThat(parallel || s.calls().size() == 1).isTrue();
        }
        assertThat(t.toolCalls()).hasSize(p.steps().size() + 1);
        assertThat(AnswerVerifier.verify(p.answer(), t.submittedAnswer()).correct()).isTrue();
        if (!parallel) {
          assertThat(t.turns()).isEqualTo(p.steps().size() + 1);
        } else {
          assertThat(t.turns()).isLessThanOrEqualTo(p.steps().size() + 1);
        }
      }
    }
    assertThat(sawParallelTurn).isTrue();
  }

  @Test
  void twoPersonProblemsRunBothChainsInOneTurn() {
    ArithmeticProblem p =
        PROBLEMS.stream()
            .filter(x -> x.steps().get(x.steps().size() - 1).inputs().size() == 2)
            .findFirst()
            .orElseThrow();
    TeacherTrajectory t = ArithmeticTeacher.generate(p, true);
    TextSegment first = t.segments().get(2);
    assertThat(first.calls()).hasSize(2);
    assertThat(first.text()).contains("</tool_call>\n<tool_call>");
    assertThat(t.segments().get(3).text()).contains("</tool_result>\n<tool_result name=");
  }

  private static String calc(String expression) {
    try {
      return Calculator.evaluate(expression).toString();
    } catch (CalcException e) {
      throw new AssertionError(expression, e);
    }
  }
}
