package dev.arbor.tasks.suite.arithmetic;

import dev.arbor.tasks.suite.Split;
import dev.arbor.tasks.tools.calc.Rational;
import java.util.List;
import java.util.Objects;

/**
 * One generated word problem and its worked solution.
 *
 * @param id task id, e.g. {@code arith-L2-train-00042}
 * @param split the split the problem belongs to
 * @param level difficulty level number
 * @param seed the seed it was generated from
 * @param text the problem as the agent sees it
 * @param steps the calculator steps of the solution, in an order where each step's inputs come
 *     before it
 * @param answer the exact answer (the value of the last step)
 * @param contentKey the problem's numbers and operations without the story; equal keys are the same
 *     problem, and the train and test splits never share a key
 */
public record ArithmeticProblem(
    String id,
    Split split,
    int level,
    long seed,
    String text,
    List<Step> steps,
    Rational answer,
    String contentKey) {

  public ArithmeticProblem {
    Objects.requireNonNull(id, "id");
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("problem " + id + " has no steps");
    }
  }

  /**
   * One calculator step.
   *
   * @param expression what to type into the calculator, e.g. {@code 12*7}
   * @param value its exact value
   * @param inputs indices of the earlier steps whose values the expression uses
   * @param explanation one sentence a solver says before the call, e.g. {@code Ana buys 4 more:
   *     3+4.}
   */
  public record Step(String expression, Rational value, List<Integer> inputs, String explanation) {
    public Step {
      inputs = List.copyOf(inputs);
    }
  }
}
