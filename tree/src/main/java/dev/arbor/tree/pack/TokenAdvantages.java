package dev.arbor.tree.pack;

/**
 * Advantages that vary per token: {@code A'_{i,t}}, the advantage trajectory {@code i} assigns to
 * packed token {@code t} on its root path. Token-level shaping (for example the entropy bonus of
 * Cheng et al. 2025, {@code A'_t = A_i + min(beta H_t, |A_i| / kappa)}) gives two trajectories
 * through the same shared token different advantages there, so the weights of {@link LossWeights}
 * have to sum per (trajectory, token) pair rather than per trajectory.
 *
 * <p>{@link LossWeights#ofTokenAdvantages} asks only for trainable tokens on the trajectory's own
 * root path, and only for trajectories that contribute to the loss ({@code c_i > 0}).
 */
@FunctionalInterface
public interface TokenAdvantages {

  /**
   * The advantage of trajectory {@code trajectory} (leaf order) at packed token {@code token}. Must
   * be finite.
   */
  double at(int trajectory, int token);

  /** The same advantage {@code A_i} at every token of trajectory {@code i}. Copies the array. */
  static TokenAdvantages perTrajectory(double[] advantages) {
    double[] a = advantages.clone();
    return (trajectory, token) -> a[trajectory];
  }
}
