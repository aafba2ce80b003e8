package dev.arbor.tasks.suite.arithmetic;

import java.util.List;

/**
 * A difficulty level of {@code arithmetic-tools}: how many calculator steps a problem takes, how
 * big its numbers are and which operations appear.
 *
 * <table>
 *   <caption>The built-in levels</caption>
 *   <tr><th>level</th><th>steps</th><th>operands</th><th>operations</th><th>two people</th></tr>
 *   <tr><td>1</td><td>1-2</td><td>1-10</td><td>+ -</td><td>no</td></tr>
 *   <tr><td>2</td><td>2-3</td><td>1-20</td><td>+ - x (factor 2-5)</td><td>no</td></tr>
 *   <tr><td>3</td><td>3-4</td><td>1-50</td><td>+ - x (2-9) / (exact)</td><td>half</td></tr>
 *   <tr><td>4</td><td>4-5</td><td>1-100</td><td>+ - x (2-12) / (fractions)</td><td>half</td></tr>
 *   <tr><td>5</td><td>5-6</td><td>1-1000</td><td>+ - x (2-20) / (fractions)</td><td>most</td></tr>
 * </table>
 *
 * With two people, the problem follows two independent chains and combines them in a last step, so
 * a solver can run the steps of both chains in parallel tool calls.
 *
 * @param number 1 = easiest
 * @param minSteps fewest calculator steps
 * @param maxSteps most calculator steps
 * @param maxOperand largest start value and largest number added or subtracted
 * @param maxFactor largest multiplier or divisor; below 2 means no multiplication or division
 * @param divide whether division appears
 * @param fractions whether division may leave a fraction (else only exact divisions)
 * @param twoPeopleProbability probability of a two-chain problem (needs at least 3 steps)
 */
public record Level(
    int number,
    int minSteps,
    int maxSteps,
    int maxOperand,
    int maxFactor,
    boolean divide,
    boolean fractions,
    double twoPeopleProbability) {

  /** The built-in levels, easiest first. */
  public static final List<Level> BUILT_IN =
      List.of(
          new Level(1, 1, 2, 10, 0, false, false, 0),
          new Level(2, 2, 3, 20, 5, false, false, 0),
          new Level(3, 3, 4, 50, 9, true, false, 0.5),
          new Level(4, 4, 5, 100, 12, true, true, 0.5),
          new Level(5, 5, 6, 1000, 20, true, true, 0.8));

  public Level {
    if (number < 1) {
      throw new IllegalArgumentException("level number must be >= 1, got " + number);
    }
    if (minSteps < 1 || maxSteps < minSteps) {
      throw new IllegalArgumentException(
          "level "
              + number
              + ": steps must satisfy 1 <= minSteps <= maxSteps, got "
              + minSteps
              + ".."
              + maxSteps);
    }
    if (maxOperand < 2) {
      throw new IllegalArgumentException(
          "level " + number + ": maxOperand must be >= 2, got " + maxOperand);
    }
    if (divide && maxFactor < 2) {
      throw new IllegalArgumentException(
          "level " + number + ": division needs maxFactor >= 2, got " + maxFactor);
    }
    if (!(twoPeopleProbability >= 0 && twoPeopleProbability <= 1)) {
      throw new IllegalArgumentException(
          "level "
              + number
              + ": twoPeopleProbability must be in [0, 1], got "
              + twoPeopleProbability);
    }
  }

  /** Whether multiplication appears. */
  public boolean multiply() {
    return maxFactor >= 2;
  }

  /** The built-in level {@code n} (1 to 5). */
  public static Level of(int n) {
    if (n < 1 || n > BUILT_IN.size()) {
      throw new IllegalArgumentException(
          "arithmetic level must be 1.." + BUILT_IN.size() + ", got " + n);
    }
    return BUILT_IN.get(n - 1);
  }
}
