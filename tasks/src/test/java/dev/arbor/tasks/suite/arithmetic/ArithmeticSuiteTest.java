package dev.arbor.tasks.suite.arithmetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tasks.suite.Split;
import dev.arbor.tasks.tools.calc.Calculator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ArithmeticSuiteTest {

  private static final ArithmeticSuite SUITE =
      ArithmeticSuite.builder().optTrainPerLevel(200).optTestPerLevel(100).build();

  @Test
  void generationIsDeterministic() {
    for (Level level : Level.BUILT_IN) {
      for (Split split : Split.values()) {
        assertThat(ProblemGenerator.generate(level, split, 17))
            .isEqualTo(ProblemGenerator.generate(level, split, 17));
      }
    }
    assertThat(SUITE.tasks(Split.TEST)).isEqualTo(SUITE.tasks(Split.TEST));
  }

  @Test
  void heldOutTasksTakeTheLevelsInTurn() {
    ArithmeticSuite two = ArithmeticSuite.builder().optLevels(1, 2).build();
    List<TaskSpec> five = two.heldOut(5);
    assertThat(five)
        .extracting(TaskSpec::getId)
        .containsExactly(
            "arith-L1-test-00000",
            "arith-L2-test-00000",
            "arith-L1-test-00001",
            "arith-L2-test-00001",
            "arith-L1-test-00002");
    assertThat(two.tasks(Split.TEST)).containsAll(two.heldOut(200));
    assertThatThrownBy(() -> two.heldOut(201))
        .hasMessageContaining("asked for 201, the test split has 200 (100 per level)");
  }

  @Test
  void trainAndTestShareNoProblemAcrossLevelsAndNoSeed() {
    List<ArithmeticProblem> train = SUITE.problems(Split.TRAIN);
    List<ArithmeticProblem> test = SUITE.problems(Split.TEST);
    Set<String> trainKeys =
        train.stream().map(ArithmeticProblem::contentKey).collect(Collectors.toSet());
    assertThat(test).noneMatch(p -> trainKeys.contains(p.contentKey()));
    assertThat(test).allMatch(p -> ProblemGenerator.splitOf(p.contentKey()) == Split.TEST);
    long maxTrainSeed = train.stream().mapToLong(ArithmeticProblem::seed).max().orElseThrow();
    long minTestSeed = test.stream().mapToLong(ArithmeticProblem::seed).min().orElseThrow();
    assertThat(maxTrainSeed).isLessThan(minTestSeed);
  }

  @Test
  void everyStepRecomputesWithTheCalculatorAndTheLastIsTheAnswer() throws Exception {
    for (ArithmeticProblem p : SUITE.problems(Split.TRAIN)) {
      Set<Integer> done = new HashSet<>();
      for (int i = 0; i < p.steps().size(); i++) {
        ArithmeticProblem.Step s = p.steps().get(i);
        assertThat(Calculator.evaluate(s.expression())).as(p.id()).isEqualTo(s.value());
        assertThat(done).as(p.id()).containsAll(s.inputs());
        done.add(i);
      }
      assertThat(p.answer()).isEqualTo(p.steps().get(p.steps().size() - 1).value());
      assertThat(p.answer().signum()).as(p.id()).isNotNegative();
      assertThat(p.text()).as(p.id()).doesNotContain("[L").doesNotContainPattern("\\b1 \\w+s\\b");
    }
  }

  @Test
  void levelsControlStepsNumbersAndOperations() {
    for (ArithmeticProblem p : SUITE.problems(Split.TRAIN)) {
      Level level = Level.of(p.level());
      assertThat(p.steps().size()).as(p.id()).isBetween(level.minSteps(), level.maxSteps());
      String ops = p.steps().stream().map(ArithmeticProblem.Step::expression).toList().toString();
      if (!level.multiply()) {
        assertThat(ops).as(p.id()).doesNotContain("*");
      }
      if (!level.divide()) {
        assertThat(ops).as(p.id()).doesNotContain("/");
      }
      if (!level.fractions()) {
        assertThat(p.answer().isInteger()).as(p.id()).isTrue();
      }
    }
    List<ArithmeticProblem> level1 =
        SUITE.problems(Split.TRAIN).stream().filter(p -> p.level() == 1).toList();
    assertThat(level1)
        .allSatisfy(p -> assertThat(p.text()).doesNotContain("times").doesNotContain("shares"));
    assertThat(level1.get(0).text()).contains("Use the calc tool");
    // Harder levels have two-person problems whose chains can be computed in parallel.
    assertThat(SUITE.problems(Split.TRAIN))
        .anyMatch(p -> p.level() >= 3 && p.steps().get(p.steps().size() - 1).inputs().size() == 2);
    assertThat(SUITE.problems(Split.TRAIN))
        .anyMatch(p -> p.level() >= 4 && !p.answer().isInteger());
  }

  @Test
  void tasksCarryTheAnswerToolsLimitsAndLabels() {
    List<TaskSpec> tasks = SUITE.tasks(Split.TRAIN);
    assertThat(tasks).hasSize(5 * 200);
    assertThat(tasks.stream().map(TaskSpec::getId).distinct()).hasSize(tasks.size());
    TaskSpec t = tasks.get(0);
    assertThat(t.getId()).isEqualTo("arith-L1-train-00000");
    assertThat(t.getSuite()).isEqualTo("arithmetic-tools");
    assertThat(t.getAllowedToolsList()).containsExactly("calc", "submit");
    assertThat(t.getDifficulty()).isEqualTo(1);
    assertThat(t.getLabelsMap()).containsEntry("split", "train").containsKey("seed");
    assertThat(t.getLimits().getMaxTurns())
        .isEqualTo(Integer.parseInt(t.getLabelsOrThrow("steps")) + 2);
    assertThat(t.hasRepository()).isFalse();
    assertThat(AnswerVerifier.verify(t, t.getReferenceAnswer()).correct()).isTrue();
    assertThat(t.getInstruction()).doesNotContain(t.getReferenceAnswer() + " " + "apples?");
  }

  @Test
  void configurationIsValidated() {
    assertThatThrownBy(() -> Level.of(6)).hasMessageContaining("1..5");
    assertThatThrownBy(() -> new Level(1, 3, 2, 10, 0, false, false, 0))
        .hasMessageContaining("minSteps");
    assertThatThrownBy(() -> ArithmeticSuite.builder().optTrainPerLevel(-1).build())
        .hasMessageContaining(">= 0");
    assertThatThrownBy(() -> ProblemGenerator.generate(Level.of(1), Split.TRAIN, -1))
        .hasMessageContaining("index");
  }
}
