package dev.arbor.tree.advantage;

/**
 * Entropy-based advantage shaping of Cheng et al. 2025, "Reasoning with Exploration: An Entropy
 * Perspective" (arXiv 2506.14758), per trainable token t (MODEL and TOOL_CALL):
 *
 * <pre>
 *   A'_t = A + min(beta H_t, |A| / kappa)
 * </pre>
 *
 * The bonus is >= 0, so {@code A' >= A}; it vanishes when {@code A = 0}; and it never exceeds
 * {@code |A| / kappa}. For {@code A < 0} this gives {@code A' <= A (1 - 1/kappa)}: with {@code
 * kappa > 1} a negative advantage stays strictly negative, with {@code kappa = 1} it may reach 0
 * but not cross it, and below 1 it could flip sign, which is why {@code kappa >= 1} is required.
 *
 * <p>{@code H_t} is the rollout policy's entropy at the token, stored in the tree (negative values,
 * float round-off in the sampler, count as 0). The paper uses the (detached) entropy of the policy
 * being trained; the two agree on-policy, and using the rollout's keeps the weights computable
 * before the forward pass.
 */
record TokenEntropyBonus(double beta, double kappa) implements AdvantageScaler {
  static final double DEFAULT_BETA = 0.4;
  static final double DEFAULT_KAPPA = 2;

  TokenEntropyBonus {
    if (!(beta >= 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException(
          "token-entropy-bonus: beta must be finite and >= 0, got " + beta);
    }
    if (!(kappa >= 1) || Double.isInfinite(kappa)) {
      throw new IllegalArgumentException(
          "token-entropy-bonus: kappa must be finite and >= 1 (below 1 the bonus can flip a"
              + " negative advantage), got "
              + kappa);
    }
  }

  @Override
  public boolean perToken() {
    return true;
  }

  @Override
  public double tokenAdvantage(double advantage, double tokenEntropy) {
    return advantage + Math.min(beta * Math.max(tokenEntropy, 0), Math.abs(advantage) / kappa);
  }

  @Override
  public String spec() {
    return "token-entropy-bonus:beta=" + Spec.format(beta) + ",kappa=" + Spec.format(kappa);
  }

  @Override
  public String toString() {
    return spec();
  }
}
