package dev.arbor.tree.advantage;

import dev.arbor.tree.pack.LossWeights;
import dev.arbor.tree.pack.Normalization;
import dev.arbor.tree.pack.PackedTree;
import java.util.Arrays;
import java.util.List;

/**
 * Entropy-aware advantage scaling (DESIGN.md §5), applied after the group advantages {@code A_i}. A
 * scaler has two stages; each defaults to the identity:
 *
 * <ol>
 *   <li>per trajectory, within a group: a factor {@code s_i > 0}, {@code A'_i = A_i s_i} ({@link
 *       #groupScales}). Its result is what the tree manager stores with the tree.
 *   <li>per token: {@code A'_{i,t} = f(A'_i, H_t)} from the token's rollout entropy ({@link
 *       #tokenAdvantage}), applied by the trainer when it builds the {@link LossWeights} ({@link
 *       #lossWeights}). The tree already holds every {@code H_t}, so nothing per token is stored.
 * </ol>
 *
 * <pre>
 *   none                  A' = A
 *   rollout-entropy       s_i = clip((H_i / mean_g H)^alpha, s_min, s_max),  A'_i = A_i s_i
 *                         (defaults alpha = 1, s in [0.5, 2]; H_i over MODEL tokens)
 *   token-entropy-bonus   A'_t = A + min(beta H_t, |A| / kappa)   (Cheng et al. 2025, arXiv
 *                         2506.14758; defaults beta = 0.4, kappa = 2)
 * </pre>
 *
 * Every scaler here keeps the sign of each advantage (for the token bonus this needs {@code kappa
 * >= 1}), so the split into W+ and W- matches the unscaled one.
 */
public interface AdvantageScaler {

  /** No scaling. */
  static AdvantageScaler none() {
    return NoScaler.INSTANCE;
  }

  /** The default scaler of DESIGN.md §5: rollout-entropy with alpha = 1, s in [0.5, 2]. */
  static AdvantageScaler defaultScaler() {
    return rolloutEntropy();
  }

  /** Rollout-entropy scaling with alpha = 1, s in [0.5, 2]. */
  static AdvantageScaler rolloutEntropy() {
    return rolloutEntropy(
        RolloutEntropyScaler.DEFAULT_ALPHA,
        RolloutEntropyScaler.DEFAULT_MIN,
        RolloutEntropyScaler.DEFAULT_MAX);
  }

  /**
   * Rollout-entropy scaling {@code s_i = clip((H_i / mean_g H)^alpha, sMin, sMax)}.
   *
   * @param alpha exponent, finite and >= 0 (0 turns scaling off)
   * @param sMin lower clip, in (0, 1]
   * @param sMax upper clip, finite and >= 1
   */
  static AdvantageScaler rolloutEntropy(double alpha, double sMin, double sMax) {
    return new RolloutEntropyScaler(alpha, sMin, sMax);
  }

  /** Token entropy bonus with beta = 0.4, kappa = 2. */
  static AdvantageScaler tokenEntropyBonus() {
    return tokenEntropyBonus(TokenEntropyBonus.DEFAULT_BETA, TokenEntropyBonus.DEFAULT_KAPPA);
  }

  /**
   * Token entropy bonus {@code A'_t = A + min(beta H_t, |A| / kappa)}.
   *
   * @param beta weight of the entropy, finite and >= 0
   * @param kappa cap of the bonus as a fraction {@code 1/kappa} of {@code |A|}; finite and >= 1, so
   *     that a negative advantage never turns positive
   */
  static AdvantageScaler tokenEntropyBonus(double beta, double kappa) {
    return new TokenEntropyBonus(beta, kappa);
  }

  /**
   * Parses {@code none}, {@code rollout-entropy[:alpha=A,min=S,max=S]} or {@code
   * token-entropy-bonus[:beta=B,kappa=K]}; omitted options take their defaults. {@link #spec()}
   * gives a string this reads back.
   */
  static AdvantageScaler parse(String spec) {
    Spec s = Spec.parse("advantage scaler", spec);
    return switch (s.name()) {
      case "none" -> {
        s.allowOnly(List.of());
        yield none();
      }
      case "rollout-entropy" -> {
        s.allowOnly(List.of("alpha", "min", "max"));
        yield rolloutEntropy(
            s.get("alpha", RolloutEntropyScaler.DEFAULT_ALPHA),
            s.get("min", RolloutEntropyScaler.DEFAULT_MIN),
            s.get("max", RolloutEntropyScaler.DEFAULT_MAX));
      }
      case "token-entropy-bonus" -> {
        s.allowOnly(List.of("beta", "kappa"));
        yield tokenEntropyBonus(
            s.get("beta", TokenEntropyBonus.DEFAULT_BETA),
            s.get("kappa", TokenEntropyBonus.DEFAULT_KAPPA));
      }
      default -> throw s.unknownName(List.of("none", "rollout-entropy", "token-entropy-bonus"));
    };
  }

  /** The configuration string, as {@link #parse} reads it. */
  String spec();

  /**
   * Per-trajectory stage: the factors {@code s_i} of one group's trainable members.
   *
   * @param meanModelEntropies {@code H_i} of each member ({@link AdvantageInput}); NaN for a member
   *     without MODEL tokens
   * @return one finite factor {@code > 0} per member
   */
  default double[] groupScales(double[] meanModelEntropies) {
    double[] s = new double[meanModelEntropies.length];
    Arrays.fill(s, 1.0);
    return s;
  }

  /** True if {@link #tokenAdvantage} is not the identity, so advantages vary per token. */
  default boolean perToken() {
    return false;
  }

  /**
   * Per-token stage: the advantage at a trainable token of a trajectory with (per-trajectory)
   * advantage {@code advantage}, where the rollout policy had entropy {@code tokenEntropy}.
   */
  default double tokenAdvantage(double advantage, double tokenEntropy) {
    return advantage;
  }

  /**
   * The exact packed loss weights of a tree under this scaler: {@link LossWeights#of} when
   * advantages are per trajectory, {@link LossWeights#ofTokenAdvantages} with {@code A'_{i,t} =
   * tokenAdvantage(A_i, H_t)} and the tree's rollout entropies otherwise.
   *
   * @param advantages per-trajectory advantages in leaf order, after {@link #groupScales} (as
   *     {@link Advantages#advantages()} gives them and the tree's Arrow record stores them)
   */
  default LossWeights lossWeights(
      PackedTree tree, double[] advantages, Normalization normalization) {
    if (!perToken()) {
      return LossWeights.of(tree, advantages, normalization);
    }
    if (advantages.length != tree.trajectoryCount()) {
      throw new IllegalArgumentException(
          "got "
              + advantages.length
              + " advantages for "
              + tree.trajectoryCount()
              + " trajectories");
    }
    double[] a = advantages.clone();
    return LossWeights.ofTokenAdvantages(
        tree, (i, t) -> tokenAdvantage(a[i], tree.entropy(t)), normalization);
  }
}
