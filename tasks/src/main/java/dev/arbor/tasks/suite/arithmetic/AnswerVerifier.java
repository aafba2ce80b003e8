package dev.arbor.tasks.suite.arithmetic;

import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tasks.tools.calc.Rational;

/**
 * The exact verifier of answer-checked tasks: the submitted text is parsed as an integer, a decimal
 * or a fraction ({@link Rational#parseAnswer}) and compared exactly with the task's {@link
 * TaskSpec#getReferenceAnswer()}. "54", " 54 ", "54.0" and "108/2" are all right for 54; "54.01",
 * "about 54" and "" are not. The score is 1 or 0; there is no partial credit.
 */
public final class AnswerVerifier {
  private AnswerVerifier() {}

  /**
   * The verdict on one submitted answer.
   *
   * @param correct whether the answer equals the reference
   * @param score 1 if correct, else 0
   * @param parsed the submitted answer in canonical form, or empty if it could not be parsed
   * @param detail why it is wrong (or "correct")
   */
  public record Verdict(boolean correct, double score, String parsed, String detail) {}

  /**
   * Judges {@code submitted} for {@code task}.
   *
   * @throws IllegalArgumentException if the task has no valid reference answer (a broken task, not
   *     a wrong answer)
   */
  public static Verdict verify(TaskSpec task, String submitted) {
    if (task.getReferenceAnswer().isEmpty()) {
      throw new IllegalArgumentException(
          "task " + task.getId() + " has no reference_answer: it is not verified by its answer");
    }
    Rational expected;
    try {
      expected = Rational.parseAnswer(task.getReferenceAnswer());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "task " + task.getId() + ": reference_answer is not a number: " + e.getMessage(), e);
    }
    return verify(expected, submitted);
  }

  /** Judges {@code submitted} against {@code expected}. */
  public static Verdict verify(Rational expected, String submitted) {
    Rational got;
    try {
      got = Rational.parseAnswer(submitted == null ? "" : submitted);
    } catch (NumberFormatException e) {
      return new Verdict(false, 0, "", "unparsable answer: " + e.getMessage());
    }
    return got.equals(expected)
        ? new Verdict(true, 1, got.toFraction(), "correct")
        : new Verdict(
            false,
            0,
            got.toFraction(),
            "wrong answer " + got.toFraction() + ", expected " + expected.toFraction());
  }
}
