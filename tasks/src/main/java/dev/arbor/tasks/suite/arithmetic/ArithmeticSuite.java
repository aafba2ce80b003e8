package dev.arbor.tasks.suite.arithmetic;

import dev.arbor.proto.v1.Limits;
import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tasks.ToolCallFormat;
import dev.arbor.tasks.suite.Split;
import dev.arbor.tasks.suite.TaskSuite;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code arithmetic-tools} suite: generated multi-step word problems that need the {@code calc}
 * tool over several turns (DESIGN.md §8), small enough for a CPU-sized model to learn in minutes.
 *
 * <pre>{@code
 * ArithmeticSuite suite = ArithmeticSuite.builder().optLevels(1, 2).optTrainPerLevel(500).build();
 * List<TaskSpec> train = suite.tasks(Split.TRAIN);
 * AnswerVerifier.Verdict v = AnswerVerifier.verify(train.get(0), "54");
 * }</pre>
 *
 * <p>Tasks have no repository; {@link TaskSpec#getReferenceAnswer()} holds the exact answer, the
 * allowed tools are {@code calc} and {@code submit}, and {@code limits.max_turns} is the number of
 * steps plus two. Labels: {@code split}, {@code steps}, {@code seed}, {@code content_key}.
 *
 * @param levels the difficulty levels, each contributing the same number of tasks
 * @param trainPerLevel train tasks per level
 * @param testPerLevel held-out test tasks per level
 */
public record ArithmeticSuite(List<Level> levels, int trainPerLevel, int testPerLevel)
    implements TaskSuite {
  public static final String NAME = "arithmetic-tools";

  public ArithmeticSuite {
    levels = List.copyOf(levels);
    if (levels.isEmpty()) {
      throw new IllegalArgumentException("arithmetic-tools needs at least one level");
    }
    if (trainPerLevel < 0 || testPerLevel < 0) {
      throw new IllegalArgumentException(
          "tasks per level must be >= 0, got train " + trainPerLevel + ", test " + testPerLevel);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options of the suite; defaults: all built-in levels, 1000 train and 100 test tasks each. */
  public static final class Builder {
    private List<Level> levels = Level.BUILT_IN;
    private int trainPerLevel = 1000;
    private int testPerLevel = 100;

    public Builder optLevels(int... numbers) {
      List<Level> ls = new ArrayList<>();
      for (int n : numbers) {
        ls.add(Level.of(n));
      }
      levels = ls;
      return this;
    }

    public Builder optLevels(List<Level> levels) {
      this.levels = levels;
      return this;
    }

    public Builder optTrainPerLevel(int n) {
      trainPerLevel = n;
      return this;
    }

    public Builder optTestPerLevel(int n) {
      testPerLevel = n;
      return this;
    }

    public ArithmeticSuite build() {
      return new ArithmeticSuite(levels, trainPerLevel, testPerLevel);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<TaskSpec> tasks(Split split) {
    List<TaskSpec> out = new ArrayList<>();
    for (ArithmeticProblem p : problems(split)) {
      out.add(toTask(p));
    }
    return out;
  }

  /**
   * The first {@code n} held-out tasks taken level by level in turn (level 1 #0, level 2 #0, level
   * 1 #1, ...), so that an evaluation smaller than the test split covers every level equally.
   */
  public List<TaskSpec> heldOut(int n) {
    return heldOutProblems(n).stream().map(ArithmeticSuite::toTask).toList();
  }

  /** The problems of {@link #heldOut}, in the same order. */
  public List<ArithmeticProblem> heldOutProblems(int n) {
    if (n < 0 || n > testPerLevel * levels.size()) {
      throw new IllegalArgumentException(
          "held-out tasks: asked for "
              + n
              + ", the test split has "
              + testPerLevel * levels.size()
              + " ("
              + testPerLevel
              + " per level)");
    }
    List<ArithmeticProblem> out = new ArrayList<>(n);
    for (int i = 0; out.size() < n; i++) {
      for (Level level : levels) {
        if (out.size() < n) {
          out.add(ProblemGenerator.generate(level, Split.TEST, i));
        }
      }
    }
    return out;
  }

  /** The problems of one split, level by level, in index order. */
  public List<ArithmeticProblem> problems(Split split) {
    int count = split == Split.TRAIN ? trainPerLevel : testPerLevel;
    List<ArithmeticProblem> out = new ArrayList<>();
    for (Level level : levels) {
      for (int i = 0; i < count; i++) {
        out.add(ProblemGenerator.generate(level, split, i));
      }
    }
    return out;
  }

  /** The task of a problem. */
  public static TaskSpec toTask(ArithmeticProblem p) {
    return TaskSpec.newBuilder()
        .setId(p.id())
        .setSuite(NAME)
        .setInstruction(p.text())
        .addAllowedTools(ToolCallFormat.CALC)
        .addAllowedTools(ToolCallFormat.SUBMIT)
        .setLimits(Limits.newBuilder().setMaxTurns(p.steps().size() + 2))
        .setDifficulty(p.level())
        .putLabels("split", p.split().label())
        .putLabels("steps", Integer.toString(p.steps().size()))
        .putLabels("seed", Long.toString(p.seed()))
        .putLabels("content_key", p.contentKey())
        .setReferenceAnswer(p.answer().toFraction())
        .build();
  }
}
