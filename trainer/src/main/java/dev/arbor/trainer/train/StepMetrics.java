package dev.arbor.trainer.train;

/**
 * What one optimizer step saw.
 *
 * @param step optimizer step (1-based)
 * @param lr learning rate used
 * @param loss summed loss over the step's trees
 * @param gradNorm global gradient norm before clipping
 * @param clipFraction fraction of trained tokens whose ratio was clipped
 * @param meanRatio mean importance ratio
 * @param meanKl mean k3 KL to the reference (0 when off)
 * @param meanEntropy mean policy entropy over trained tokens
 * @param trees trees in the step
 * @param trajectories trajectories in the step
 * @param packedTokens tokens computed (packed)
 * @param flatTokens tokens flat training would have computed
 * @param trainedTokens tokens with loss weight
 * @param millis wall-clock time of the step
 */
public record StepMetrics(
    long step,
    double lr,
    double loss,
    double gradNorm,
    double clipFraction,
    double meanRatio,
    double meanKl,
    double meanEntropy,
    int trees,
    int trajectories,
    long packedTokens,
    long flatTokens,
    long trainedTokens,
    double millis) {

  /** Packed tokens per second of wall-clock time. */
  public double tokensPerSecond() {
    return millis <= 0 ? 0 : packedTokens / (millis / 1000.0);
  }
}
