package dev.arbor.tasks.teacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.arbor.proto.v1.ToolCall;
import dev.arbor.tasks.ToolCallFormat;
import dev.arbor.tasks.suite.Split;
import dev.arbor.tasks.suite.arithmetic.Level;
import dev.arbor.tasks.suite.arithmetic.ProblemGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviationMonitorTest {
  private static final List<String> TEACHER =
      List.of("read_file(a.py)", "apply_patch(a.py)", "run(python3)", "submit()");

  @Test
  void offByDefaultNeverStops() {
    DeviationMonitor off = DeviationMonitor.off();
    assertThat(off.enabled()).isFalse();
    DeviationMonitor.Assessment a = off.assessKeys(List.of("x()", "y()", "z()"), TEACHER);
    assertThat(a.decision()).isEqualTo(DeviationMonitor.Decision.CONTINUE);
    assertThat(a.deviation()).isEqualTo(1.0);
    assertThat(a.reason()).contains("monitor off");
  }

  @Test
  void aPrefixOfTheTeacherPathHasNoDeviation() {
    DeviationMonitor m = DeviationMonitor.stopAbove(0.3);
    assertThat(m.assessKeys(List.of(), TEACHER).deviation()).isZero();
    DeviationMonitor.Assessment a = m.assessKeys(TEACHER.subList(0, 2), TEACHER);
    assertThat(a.deviation()).isZero();
    assertThat(a.decision()).isEqualTo(DeviationMonitor.Decision.CONTINUE);
    assertThat(m.assessKeys(TEACHER, TEACHER).editDistance()).isZero();
  }

  @Test
  void strayingBeyondTheThresholdStops() {
    DeviationMonitor m = DeviationMonitor.stopAbove(0.3);
    // One extra look-around action in 4: deviation 1/4, tolerated.
    DeviationMonitor.Assessment ok =
        m.assessKeys(
            List.of("list_dir()", "read_file(a.py)", "apply_patch(a.py)", "run(python3)"), TEACHER);
    assertThat(ok.deviation()).isCloseTo(0.25, within(1e-12));
    assertThat(ok.decision()).isEqualTo(DeviationMonitor.Decision.CONTINUE);
    // Wandering off: 2 of 3 actions are not on the path.
    DeviationMonitor.Assessment stop =
        m.assessKeys(List.of("read_file(a.py)", "run(ls)", "read_file(z.py)"), TEACHER);
    assertThat(stop.editDistance()).isEqualTo(2);
    assertThat(stop.decision()).isEqualTo(DeviationMonitor.Decision.STOP);
    assertThat(stop.reason()).contains("> threshold 0.300");
    // Running on past the teacher's end counts too.
    List<String> longer = new java.util.ArrayList<>(TEACHER);
    longer.addAll(
        List.of("run(python3)", "run(python3)", "run(python3)", "run(python3)", "run(python3)"));
    assertThat(m.assessKeys(longer, TEACHER).decision()).isEqualTo(DeviationMonitor.Decision.STOP);
  }

  @Test
  void tooFewActionsAreNotJudged() {
    DeviationMonitor m = DeviationMonitor.stopAbove(0.1).optMinActions(3);
    DeviationMonitor.Assessment a = m.assessKeys(List.of("x()", "y()"), TEACHER);
    assertThat(a.deviation()).isEqualTo(1.0);
    assertThat(a.decision()).isEqualTo(DeviationMonitor.Decision.CONTINUE);
    assertThat(a.reason()).contains("too few actions");
  }

  @Test
  void prefixEditDistanceMatchesTheDefinition() {
    List<String> a = List.of("p", "x", "q");
    List<String> b = List.of("p", "q", "r", "s");
    // Closest teacher prefix is [p, q]: one insertion.
    assertThat(DeviationMonitor.prefixEditDistance(a, b)).isEqualTo(1);
    assertThat(DeviationMonitor.prefixEditDistance(List.of(), b)).isZero();
    assertThat(DeviationMonitor.prefixEditDistance(a, List.of())).isEqualTo(3);
  }

  @Test
  void equivalentCallsMatchTheArithmeticTeacher() {
    TeacherTrajectory teacher =
        ArithmeticTeacher.generate(ProblemGenerator.generate(Level.of(2), Split.TRAIN, 0), false);
    List<ToolCall> same =
        teacher.toolCalls().stream().map(TeacherCall::toProto).toList().subList(0, 2);
    assertThat(DeviationMonitor.stopAbove(0).assess(same, teacher).deviation()).isZero();
    ToolCall commuted =
        ToolCallFormat.call(
            "c", "calc", "expr", reverse(teacher.toolCalls().get(0).arguments().get("expr")));
    assertThat(ActionKey.of(commuted)).isEqualTo(ActionKey.of(teacher.toolCalls().get(0)));
  }

  @Test
  void actionKeys() {
    assertThat(ActionKey.of("calc", java.util.Map.of("expr", "12*7"))).isEqualTo("calc(84)");
    assertThat(ActionKey.of("calc", java.util.Map.of("expr", "12*"))).isEqualTo("calc(?)");
    assertThat(ActionKey.of("submit", java.util.Map.of("answer", " 108/2 ")))
        .isEqualTo("submit(54)");
    assertThat(ActionKey.of("submit", java.util.Map.of())).isEqualTo("submit()");
    assertThat(ActionKey.of("read_file", java.util.Map.of("path", "./src/a.py")))
        .isEqualTo("read_file(src/a.py)");
    assertThat(ActionKey.of("run", java.util.Map.of("cmd", "  python3 -m unittest -v")))
        .isEqualTo("run(python3)");
    assertThat(
            ActionKey.of(
                "apply_patch",
                java.util.Map.of(
                    "patch",
                    "--- a/b.py\n+++ b/b.py\n@@ -1 +1 @@\n-x\n+y\n--- a/a.py\n+++ b/a.py\n@@ -1 +1 @@\n-x\n+y\n")))
        .isEqualTo("apply_patch(a.py,b.py)");
    assertThat(ActionKey.of("apply_patch", java.util.Map.of("patch", "nope")))
        .isEqualTo("apply_patch(?)");
    assertThat(ActionKey.of("think", java.util.Map.of("x", "y"))).isEqualTo("think()");
  }

  @Test
  void configurationIsValidated() {
    assertThatThrownBy(() -> DeviationMonitor.stopAbove(1.5))
        .hasMessageContaining("threshold must be in [0, 1]");
    assertThatThrownBy(() -> DeviationMonitor.off().optMinActions(0))
        .hasMessageContaining("minActions must be >= 1");
  }

  /** "a+b" or "a*b" written the other way round. */
  private static String reverse(String expr) {
    for (String op : new String[] {"+", "*"}) {
      int i = expr.indexOf(op);
      if (i > 0) {
        return expr.substring(i + 1) + op + expr.substring(0, i);
      }
    }
    return expr;
  }
}
