package dev.arbor.tree.advantage;

/**
 * GRPO group advantages, {@code (r_i - mean) / (std + eps)} with the sample std, or {@code r_i -
 * mean} when {@code divideByStd} is false (Dr. GRPO). See {@link AdvantageEstimator}.
 */
record GrpoEstimator(boolean divideByStd, double epsilon) implements AdvantageEstimator {

  GrpoEstimator {
    if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("grpo: eps must be finite and >= 0, got " + epsilon);
    }
  }

  @Override
  public double[] estimate(double[] rewards) {
    int n = rewards.length;
    double[] out = new double[n];
    if (GroupAdvantages.degenerate(rewards)) {
      return out;
    }
    double mean = GroupAdvantages.mean(rewards);
    double denominator = 1;
    if (divideByStd) {
      double squares = 0;
      for (double r : rewards) {
        squares += (r - mean) * (r - mean);
      }
      denominator = Math.sqrt(squares / (n - 1)) + epsilon;
    }
    for (int i = 0; i < n; i++) {
      out[i] = (rewards[i] - mean) / denominator;
    }
    return out;
  }

  @Override
  public String spec() {
    if (!divideByStd) {
      return "grpo-no-std";
    }
    return epsilon == DEFAULT_EPSILON ? "grpo" : "grpo:eps=" + Spec.format(epsilon);
  }

  @Override
  public String toString() {
    return spec();
  }
}
