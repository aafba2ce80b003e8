package dev.arbor.tree.pack;

/**
 * How per-token losses are averaged, as the per-trajectory coefficient {@code c_i} of DESIGN.md §4.
 *
 * <ul>
 *   <li>{@link Mode#TOKEN_MEAN}: {@code c_i = 1 / N}, N = trainable tokens of all trajectories
 *       (every token counts equally, as in DAPO).
 *   <li>{@link Mode#SEQUENCE_MEAN_TOKEN_MEAN}: {@code c_i = 1 / (G * |o_i|)}, G = number of
 *       trajectories, {@code |o_i|} = trainable tokens of trajectory i (GRPO's original form).
 * </ul>
 *
 * <p>N and G default to the counts of the tree being weighted; pass them explicitly when several
 * trees are accumulated into one optimizer step, so the whole batch shares one denominator.
 * Trajectories with status INFRA_FAILED, and trajectories without trainable tokens, get {@code c_i
 * = 0} and are not counted.
 *
 * @param mode the averaging mode
 * @param denominator N or G; {@code 0} means "count the tree's own"
 */
public record Normalization(Mode mode, double denominator) {

  /** The averaging modes. */
  public enum Mode {
    TOKEN_MEAN,
    SEQUENCE_MEAN_TOKEN_MEAN
  }

  public Normalization {
    if (mode == null) {
      throw new IllegalArgumentException("normalization mode is required");
    }
    if (!(denominator >= 0) || Double.isInfinite(denominator)) {
      throw new IllegalArgumentException(
          "normalization denominator must be finite and >= 0 (0 = count the tree's own), got "
              + denominator);
    }
  }

  /** Token mean over the tree's own trainable tokens. */
  public static Normalization tokenMean() {
    return new Normalization(Mode.TOKEN_MEAN, 0);
  }

  /** Token mean over a batch of {@code totalTokens} trainable tokens. */
  public static Normalization tokenMean(long totalTokens) {
    if (totalTokens <= 0) {
      throw new IllegalArgumentException("totalTokens must be > 0, got " + totalTokens);
    }
    return new Normalization(Mode.TOKEN_MEAN, totalTokens);
  }

  /** Sequence mean of token means, over the tree's own trajectories. */
  public static Normalization sequenceMean() {
    return new Normalization(Mode.SEQUENCE_MEAN_TOKEN_MEAN, 0);
  }

  /** Sequence mean of token means, over a batch of {@code sequences} trajectories. */
  public static Normalization sequenceMean(int sequences) {
    if (sequences <= 0) {
      throw new IllegalArgumentException("sequences must be > 0, got " + sequences);
    }
    return new Normalization(Mode.SEQUENCE_MEAN_TOKEN_MEAN, sequences);
  }

  /** Parses {@code token-mean} or {@code sequence-mean-token-mean}. */
  public static Normalization parse(String name) {
    return switch (name) {
      case "token-mean" -> tokenMean();
      case "sequence-mean-token-mean", "seq-mean-token-mean" -> sequenceMean();
      default ->
          throw new IllegalArgumentException(
              "unknown normalization '"
                  + name
                  + "' (allowed: token-mean, sequence-mean-token-mean)");
    };
  }
}
