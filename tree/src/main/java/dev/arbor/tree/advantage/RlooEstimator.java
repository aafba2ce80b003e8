package dev.arbor.tree.advantage;

/**
 * Leave-one-out baseline (RLOO, Ahmadian et al. 2024): {@code A_i = r_i - (sum_{j != i} r_j) / (n -
 * 1) = n / (n - 1) * (r_i - mean)}. Unbiased, since the baseline of member i does not depend on its
 * own reward. See {@link AdvantageEstimator}.
 */
record RlooEstimator() implements AdvantageEstimator {

  @Override
  public double[] estimate(double[] rewards) {
    int n = rewards.length;
    double[] out = new double[n];
    if (GroupAdvantages.degenerate(rewards)) {
      return out;
    }
    double sum = 0;
    for (double r : rewards) {
      sum += r;
    }
    for (int i = 0; i < n; i++) {
      out[i] = rewards[i] - (sum - rewards[i]) / (n - 1);
    }
    return out;
  }

  @Override
  public String spec() {
    return "rloo";
  }

  @Override
  public String toString() {
    return spec();
  }
}
