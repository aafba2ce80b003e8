package dev.arbor.tasks.env;

import java.util.List;

/**
 * The verifier's verdict on an episode.
 *
 * @param outcome SCORED, or INFRA_FAILED when the verifier could not judge (the episode is then
 *     excluded from training, never counted as 0)
 * @param score in [0, 1]; 0 for INFRA_FAILED (not to be used)
 * @param passedTests test ids that passed, in the task's order (FAIL_TO_PASS then PASS_TO_PASS)
 * @param failedTests test ids that failed or did not run
 * @param details what happened, for people: counts, the reason of an infra failure, a log tail
 */
public record Reward(
    Outcome outcome,
    double score,
    List<String> passedTests,
    List<String> failedTests,
    String details) {

  /** Whether the episode was judged. */
  public enum Outcome {
    SCORED,
    INFRA_FAILED
  }

  public Reward {
    if (Double.isNaN(score) || score < 0 || score > 1) {
      throw new IllegalArgumentException("score must be in [0, 1], got " + score);
    }
    passedTests = List.copyOf(passedTests);
    failedTests = List.copyOf(failedTests);
  }

  public static Reward scored(
      double score, List<String> passed, List<String> failed, String details) {
    return new Reward(Outcome.SCORED, score, passed, failed, details);
  }

  /** The verifier could not judge: {@code reason} says why (a crash, a broken task). */
  public static Reward infraFailed(String reason) {
    return new Reward(Outcome.INFRA_FAILED, 0, List.of(), List.of(), reason);
  }

  public boolean isInfraFailure() {
    return outcome == Outcome.INFRA_FAILED;
  }

  /** Every required test passed (SWE-bench "resolved"). */
  public boolean resolved() {
    return outcome == Outcome.SCORED && score == 1.0;
  }
}
