package dev.arbor.tree.advantage;

import java.util.List;

/**
 * Turns the rewards of one rollout group into advantages (DESIGN.md §5). Implementations are pure
 * functions of the group's rewards; {@link GroupAdvantages} does the grouping and excludes
 * INFRA_FAILED trajectories before calling them.
 *
 * <pre>
 *   grpo          A_i = (r_i - mean_g) / (std_g + eps)       std_g: sample std (n - 1), eps = 1e-6
 *   grpo-no-std   A_i =  r_i - mean_g                        (Dr. GRPO, Liu et al. 2025)
 *   rloo          A_i =  r_i - mean_{j != i} r_j = n/(n-1) (r_i - mean_g)   (Ahmadian et al. 2024)
 * </pre>
 *
 * A group of one member, and a group whose rewards are all equal, gets advantage 0 for every member
 * under every estimator: there is nothing to compare.
 *
 * <p>The sample standard deviation (Bessel's {@code n - 1}) is what {@code torch.std} computes by
 * default and hence what veRL's and TRL's GRPO use; the population std would give advantages {@code
 * sqrt(n / (n - 1))} times larger. With the sample std, the GRPO advantages of a group have mean 0
 * and sample std {@code std_g / (std_g + eps)}, that is 1 up to {@code eps}.
 */
public interface AdvantageEstimator {
  /** The default {@code eps} of {@link #grpo()}. */
  double DEFAULT_EPSILON = 1e-6;

  /** GRPO: {@code (r - mean) / (std + 1e-6)}. */
  static AdvantageEstimator grpo() {
    return new GrpoEstimator(true, DEFAULT_EPSILON);
  }

  /** GRPO with another {@code eps} (finite, >= 0). */
  static AdvantageEstimator grpo(double epsilon) {
    return new GrpoEstimator(true, epsilon);
  }

  /** GRPO without the division by the std (Dr. GRPO): {@code r - mean}. */
  static AdvantageEstimator grpoNoStd() {
    return new GrpoEstimator(false, 0);
  }

  /** Leave-one-out baseline (RLOO): {@code r_i - mean of the other members}. */
  static AdvantageEstimator rloo() {
    return new RlooEstimator();
  }

  /**
   * Parses {@code grpo}, {@code grpo:eps=1e-6}, {@code grpo-no-std} (alias {@code dr-grpo}) or
   * {@code rloo}; {@link #spec()} gives a string this reads back.
   */
  static AdvantageEstimator parse(String spec) {
    Spec s = Spec.parse("advantage estimator", spec);
    return switch (s.name()) {
      case "grpo" -> grpo(s.allowOnly(List.of("eps")).get("eps", DEFAULT_EPSILON));
      case "grpo-no-std", "dr-grpo" -> {
        s.allowOnly(List.of());
        yield grpoNoStd();
      }
      case "rloo" -> {
        s.allowOnly(List.of());
        yield rloo();
      }
      default -> throw s.unknownName(List.of("grpo", "grpo-no-std", "dr-grpo", "rloo"));
    };
  }

  /**
   * The advantages of one group's members, in the order of {@code rewards}.
   *
   * @param rewards the rewards of the group's trainable members; finite
   */
  double[] estimate(double[] rewards);

  /** The configuration string, as {@link #parse} reads it. */
  String spec();
}
