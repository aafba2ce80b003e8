package dev.arbor.tree.advantage;

/**
 * Rollout-entropy advantage scaling (DESIGN.md §5): within a group, trajectories on which the
 * rollout policy was more uncertain than the group's average get larger advantages, confident ones
 * smaller, in either sign:
 *
 * <pre>
 *   s_i  = clip((H_i / mean_g H)^alpha, s_min, s_max)
 *   A'_i = A_i s_i
 * </pre>
 *
 * {@code H_i} is the mean rollout entropy over trajectory i's trainable MODEL tokens ({@link
 * AdvantageInput}), {@code mean_g H} the plain mean of {@code H_i} over the group's trainable
 * members that have MODEL tokens. Edge cases, all {@code s = 1}: a member without MODEL tokens
 * (nothing to measure), and every member of a group whose mean entropy is 0 (a greedy or collapsed
 * policy: no reference to compare with). Negative entropies (float round-off in the sampler) count
 * as 0. Because {@code s_i > 0}, the sign of every advantage is kept; the group's advantages no
 * longer sum to 0, which is intended.
 *
 * <p>KAT's exact formula is unpublished; this is Arbor's choice, configurable by {@code alpha} and
 * the clip range.
 */
record RolloutEntropyScaler(double alpha, double sMin, double sMax) implements AdvantageScaler {
  static final double DEFAULT_ALPHA = 1;
  static final double DEFAULT_MIN = 0.5;
  static final double DEFAULT_MAX = 2;

  RolloutEntropyScaler {
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException(
          "rollout-entropy: alpha must be finite and >= 0, got " + alpha);
    }
    if (!(sMin > 0 && sMin <= 1)) {
      throw new IllegalArgumentException("rollout-entropy: min must be in (0, 1], got " + sMin);
    }
    if (!(sMax >= 1) || Double.isInfinite(sMax)) {
      throw new IllegalArgumentException(
          "rollout-entropy: max must be finite and >= 1, got " + sMax);
    }
  }

  @Override
  public double[] groupScales(double[] meanModelEntropies) {
    int n = meanModelEntropies.length;
    double sum = 0;
    int counted = 0;
    for (double h : meanModelEntropies) {
      if (!Double.isNaN(h)) {
        sum += Math.max(h, 0);
        counted++;
      }
    }
    double mean = counted == 0 ? 0 : sum / counted;
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      double h = meanModelEntropies[i];
      if (mean <= 0 || Double.isNaN(h)) {
        s[i] = 1;
      } else {
        double ratio = Math.pow(Math.max(h, 0) / mean, alpha);
        s[i] = Math.min(Math.max(ratio, sMin), sMax);
      }
    }
    return s;
  }

  @Override
  public String spec() {
    return "rollout-entropy:alpha="
        + Spec.format(alpha)
        + ",min="
        + Spec.format(sMin)
        + ",max="
        + Spec.format(sMax);
  }

  @Override
  public String toString() {
    return spec();
  }
}
