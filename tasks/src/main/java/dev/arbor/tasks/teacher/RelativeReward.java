package dev.arbor.tasks.teacher;

/**
 * Reward relative to the ground truth (RFT, DESIGN.md §7): the test outcome plus a bonus for edits
 * that resemble the teacher's.
 *
 * <pre>
 *   r = s_test + w * sim(agent diff, teacher diff)          (normalized: r / (1 + w))
 * </pre>
 *
 * with {@code s_test} the verifier's score (1 resolved, 0 not), {@code sim} the {@link
 * EditSimilarity} in [0, 1] and {@code w >= 0} the weight. With w = 0 it is the plain test reward.
 * The bonus gives a failing rollout credit for partly right edits (a denser signal, as in SWE-RL)
 * and ranks among passing rollouts those closer to the reference. A diff that cannot be parsed
 * counts as similarity 0; the reason is in the result.
 *
 * <pre>{@code
 * RelativeReward reward = RelativeReward.builder().optWeight(0.3).build();
 * RelativeReward.Result r = reward.score(report.score(), agentDiff, task.getGoldPatch());
 * }</pre>
 *
 * @param weight w, the weight of the similarity
 * @param normalize whether to divide by 1 + w so that the reward stays in [0, 1]
 */
public record RelativeReward(double weight, boolean normalize) {
  /** Default weight w. */
  public static final double DEFAULT_WEIGHT = 0.2;

  public RelativeReward {
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight must be a finite number >= 0, got " + weight);
    }
  }

  /**
   * The reward and its parts.
   *
   * @param reward r
   * @param testScore s_test
   * @param similarity sim
   * @param detail why the similarity is 0 when a diff could not be read; empty otherwise
   */
  public record Result(double reward, double testScore, double similarity, String detail) {}

  public static Builder builder() {
    return new Builder();
  }

  /** Options; defaults: weight {@value #DEFAULT_WEIGHT}, not normalized. */
  public static final class Builder {
    private double weight = DEFAULT_WEIGHT;
    private boolean normalize;

    public Builder optWeight(double weight) {
      this.weight = weight;
      return this;
    }

    public Builder optNormalize(boolean normalize) {
      this.normalize = normalize;
      return this;
    }

    public RelativeReward build() {
      return new RelativeReward(weight, normalize);
    }
  }

  /**
   * Scores one rollout.
   *
   * @param testScore the verifier's score in [0, 1]
   * @param agentDiff the agent's final changes as a unified diff ("" for none)
   * @param teacherDiff the teacher's edits as a unified diff (the gold patch)
   */
  public Result score(double testScore, String agentDiff, String teacherDiff) {
    if (!(testScore >= 0 && testScore <= 1)) {
      throw new IllegalArgumentException("testScore must be in [0, 1], got " + testScore);
    }
    double sim;
    String detail = "";
    try {
      sim = weight == 0 ? 0 : EditSimilarity.of(agentDiff, teacherDiff);
    } catch (IllegalArgumentException e) {
      sim = 0;
      detail = "similarity 0: " + e.getMessage();
    }
    double r = testScore + weight * sim;
    return new Result(normalize ? r / (1 + weight) : r, testScore, sim, detail);
  }
}
