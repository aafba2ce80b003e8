package dev.arbor.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.arbor.trainer.model.Scalars;

/**
 * The clipped policy-gradient loss of PPO / GRPO with asymmetric clipping (DAPO's clip-higher),
 * optional dual clip, KL to a reference policy and entropy bonus, written per token against the
 * tree weights of {@link TokenWeights} (DESIGN.md §4):
 *
 * <pre>
 *   r_t  = exp(logp_t - logp_old_t)
 *   L    = sum_t [ -W+_t min(r_t, 1 + eps_hi)
 *                  -W-_t m_t                                m_t = max(r_t, 1 - eps_lo)
 *                                                           (dual clip: m_t = min(m_t, c))
 *                  + beta  S_t k3_t                         k3 = exp(ref - logp) - (ref - logp) - 1
 *                  - gamma S_t H_t ]                        H  = entropy of the current policy
 * </pre>
 *
 * For a token shared by trajectories i with advantages A_i, {@code W+ = sum c_i A_i} over A_i >= 0
 * and {@code W- = sum c_i A_i} over A_i < 0; this is the sum of the flat per-trajectory terms
 * {@code c_i l(r_t, A_i)} because every trajectory through the token sees the same r_t.
 * Normalisation (token mean, sequence mean) is inside the weights.
 */
public final class PolicyLoss implements TreeLoss {
  private final double epsLo;
  private final double epsHi;
  private final double dualClip;
  private final double klCoef;
  private final double entropyCoef;

  private PolicyLoss(
      double epsLo, double epsHi, double dualClip, double klCoef, double entropyCoef) {
    if (!(epsLo >= 0 && epsLo < 1) || !(epsHi >= 0)) {
      throw new IllegalArgumentException(
          "clip ranges must satisfy 0 <= eps_lo < 1 and eps_hi >= 0, got " + epsLo + ", " + epsHi);
    }
    if (!Double.isNaN(dualClip) && !(dualClip > 1)) {
      throw new IllegalArgumentException("dual clip c must be > 1, got " + dualClip);
    }
    if (!(klCoef >= 0) || !(entropyCoef >= 0)) {
      throw new IllegalArgumentException(
          "kl and entropy coefficients must be >= 0, got " + klCoef + ", " + entropyCoef);
    }
    this.epsLo = epsLo;
    this.epsHi = epsHi;
    this.dualClip = dualClip;
    this.klCoef = klCoef;
    this.entropyCoef = entropyCoef;
  }

  /** PPO-clip with ratio clipped to [1 - epsLo, 1 + epsHi]; GRPO is this with group advantages. */
  public static PolicyLoss ppoClip(double epsLo, double epsHi) {
    return new PolicyLoss(epsLo, epsHi, Double.NaN, 0, 0);
  }

  /** Dual clip (Ye et al. 2020): for negative advantages the ratio term is capped at {@code c}. */
  public PolicyLoss optDualClip(double c) {
    return new PolicyLoss(epsLo, epsHi, c, klCoef, entropyCoef);
  }

  /** KL penalty {@code beta * k3} to a reference policy. */
  public PolicyLoss optKl(double beta) {
    return new PolicyLoss(epsLo, epsHi, dualClip, beta, entropyCoef);
  }

  /** Entropy bonus {@code gamma * H}. */
  public PolicyLoss optEntropyBonus(double gamma) {
    return new PolicyLoss(epsLo, epsHi, dualClip, klCoef, gamma);
  }

  @Override
  public boolean usesReference() {
    return klCoef > 0;
  }

  public boolean usesEntropy() {
    return entropyCoef > 0;
  }

  /**
   * The loss and its parts.
   *
   * @param logp current log-probs [T] (with gradient)
   * @param oldLogp behaviour log-probs [T] (no gradient)
   * @param refLogp reference log-probs [T], or null when the KL term is off
   * @param entropy current entropies [T] (with gradient), or null when the bonus is off
   */
  @Override
  public LossOutput compute(
      NDArray logp, NDArray oldLogp, NDArray refLogp, NDArray entropy, TokenWeights w) {
    NDArray ratio = logp.sub(oldLogp).exp();
    // Scalars.of, not Java numbers: the backward reads these operands (see Scalars).
    NDArray upper = ratio.minimum(Scalars.of(ratio, 1 + epsHi));
    NDArray lower = ratio.maximum(Scalars.of(ratio, 1 - epsLo));
    if (!Double.isNaN(dualClip)) {
      lower = lower.minimum(Scalars.of(ratio, dualClip));
    }
    NDArray perToken = w.positive().mul(upper).add(w.negative().mul(lower)).neg();
    NDArray kl = null;
    if (klCoef > 0) {
      if (refLogp == null) {
        throw new IllegalArgumentException(
            "the KL term is on but no reference log-probs were given");
      }
      NDArray delta = refLogp.sub(logp);
      kl = delta.exp().sub(delta).sub(1);
      perToken = perToken.add(w.total().mul(kl).mul(Scalars.of(kl, klCoef)));
    }
    if (entropyCoef > 0) {
      if (entropy == null) {
        throw new IllegalArgumentException("the entropy bonus is on but no entropies were given");
      }
      perToken = perToken.sub(w.total().mul(entropy).mul(Scalars.of(entropy, entropyCoef)));
    }
    NDArray loss = perToken.sum();
    return new LossOutput(loss, stats(ratio, kl, w));
  }

  /** Clip fraction and mean ratio / KL over trained tokens (no gradient). */
  private LossOutput.Stats stats(NDArray ratio, NDArray kl, TokenWeights w) {
    NDArray r = ratio.stopGradient();
    NDArray t = w.total().gt(0).toType(DataType.FLOAT32, false);
    float count = Math.max(1f, t.sum().getFloat());
    NDArray clipped =
        r.gt(1 + epsHi).logicalOr(r.lt(1 - epsLo)).toType(DataType.FLOAT32, false).mul(t);
    double clipFraction = clipped.sum().getFloat() / count;
    double meanRatio = r.mul(t).sum().getFloat() / count;
    double meanKl = kl == null ? 0 : kl.stopGradient().mul(t).sum().getFloat() / count;
    return new LossOutput.Stats(clipFraction, meanRatio, meanKl, (long) count);
  }
}
