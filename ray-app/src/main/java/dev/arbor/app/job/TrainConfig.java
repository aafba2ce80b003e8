package dev.arbor.app.job;

import dev.arbor.tree.advantage.AdvantageEstimator;
import dev.arbor.tree.advantage.AdvantageScaler;

/**
 * How the policy is trained. New fields get a default in {@code defaults.yaml} (next to this class)
 * so that existing job files stay valid.
 *
 * @param lr learning rate
 * @param steps optimizer steps of the run
 * @param batchTokens packed tokens per training batch (the tree manager's budget)
 * @param staleness policy versions a trajectory may lag behind the trainer (k; 0 = on-policy)
 * @param checkpointEvery checkpoint every N steps (0 = never)
 * @param keepFraction fraction of each tree's tokens kept by entropy pruning (1 = no pruning)
 * @param estimator group advantages: {@code grpo}, {@code grpo-no-std}, {@code rloo}
 * @param scaler advantage scaler: {@code none}, {@code rollout-entropy}, {@code
 *     token-entropy-bonus}
 * @param maxGradNorm gradient clipping (0 = none)
 */
public record TrainConfig(
    double lr,
    int steps,
    int batchTokens,
    int staleness,
    int checkpointEvery,
    double keepFraction,
    String estimator,
    String scaler,
    double maxGradNorm) {

  public TrainConfig {
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("lr must be > 0, got " + lr);
    }
    JobConfig.atLeast("steps", steps, 1);
    JobConfig.atLeast("batch_tokens", batchTokens, 1);
    JobConfig.atLeast("staleness", staleness, 0);
    JobConfig.atLeast("checkpoint_every", checkpointEvery, 0);
    if (!(keepFraction > 0 && keepFraction <= 1)) {
      throw new IllegalArgumentException("keep_fraction must be in (0, 1], got " + keepFraction);
    }
    if (!(maxGradNorm >= 0)) {
      throw new IllegalArgumentException("max_grad_norm must be >= 0, got " + maxGradNorm);
    }
    AdvantageEstimator.parse(estimator);
    AdvantageScaler.parse(scaler);
  }

  public TrainConfig withSteps(int n) {
    return new TrainConfig(
        lr,
        n,
        batchTokens,
        staleness,
        checkpointEvery,
        keepFraction,
        estimator,
        scaler,
        maxGradNorm);
  }
}
