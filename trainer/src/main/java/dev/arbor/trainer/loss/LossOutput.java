package dev.arbor.trainer.loss;

import ai.djl.ndarray.NDArray;

/**
 * A loss value (a scalar with gradient) and statistics about it.
 *
 * @param loss the scalar loss
 * @param stats what the step saw
 */
public record LossOutput(NDArray loss, Stats stats) {

  /**
   * @param clipFraction fraction of trained tokens whose ratio was outside [1 - eps_lo, 1 + eps_hi]
   * @param meanRatio mean importance ratio over trained tokens
   * @param meanKl mean k3 KL to the reference over trained tokens (0 when off)
   * @param trainedTokens number of tokens with weight
   */
  public record Stats(double clipFraction, double meanRatio, double meanKl, long trainedTokens) {}
}
