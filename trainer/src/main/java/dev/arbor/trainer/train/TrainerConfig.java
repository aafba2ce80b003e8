package dev.arbor.trainer.train;

import dev.arbor.trainer.forward.AttentionKind;
import dev.arbor.trainer.loss.PolicyLoss;
import dev.arbor.trainer.loss.SftLoss;
import dev.arbor.trainer.loss.TreeLoss;
import dev.arbor.tree.advantage.AdvantageScaler;
import dev.arbor.tree.pack.Normalization;

/**
 * How the trainer updates the policy.
 *
 * @param loss the loss: {@link PolicyLoss} for RL, {@link SftLoss} for supervised teacher episodes
 * @param normalization how per-token losses are averaged over the step's trees
 * @param schedule learning rate by step
 * @param maxGradNorm clip the global gradient norm to this (0 = no clipping)
 * @param attention how packed attention is computed
 * @param recomputeOldLogprobs recompute behaviour log-probs with the trainer's weights before the
 *     update (veRL's default; the rollout engine's numbers can differ); else use the log-probs
 *     recorded at rollout
 * @param scaler how the loss weights apply the stored advantages: per-trajectory scalers ({@code
 *     none}, {@code rollout-entropy}) were applied when the advantages were computed and leave them
 *     as they are; {@code token-entropy-bonus} adds its per-token bonus here (DESIGN.md §5)
 */
public record TrainerConfig(
    TreeLoss loss,
    Normalization.Mode normalization,
    LrSchedule schedule,
    double maxGradNorm,
    AttentionKind attention,
    boolean recomputeOldLogprobs,
    AdvantageScaler scaler) {

  public TrainerConfig {
    if (loss == null || normalization == null || schedule == null || attention == null) {
      throw new IllegalArgumentException(
          "loss, normalization, schedule and attention are required");
    }
    if (!(maxGradNorm >= 0)) {
      throw new IllegalArgumentException("maxGradNorm must be >= 0, got " + maxGradNorm);
    }
  }

  /** GRPO defaults: clip (0.2, 0.28), token mean, lr 1e-4 constant, grad norm 1, auto attention. */
  public static TrainerConfig grpoDefaults() {
    return new TrainerConfig(
        PolicyLoss.ppoClip(0.2, 0.28),
        Normalization.Mode.TOKEN_MEAN,
        LrSchedule.constant(1e-4),
        1.0,
        AttentionKind.AUTO,
        true,
        AdvantageScaler.none());
  }

  /**
   * Supervised fine-tuning on teacher episodes: {@link SftLoss} (token-mean NLL), {@code lr}
   * constant, grad norm 1, auto attention. Train with advantage 1 for every episode.
   */
  public static TrainerConfig sft(LrSchedule schedule) {
    return new TrainerConfig(
        new SftLoss(),
        Normalization.Mode.TOKEN_MEAN,
        schedule,
        1.0,
        AttentionKind.AUTO,
        false,
        AdvantageScaler.none());
  }
}
