package dev.arbor.actors.trainer;

import dev.arbor.actors.ModelSpec;
import dev.arbor.trainer.train.LrSchedule;
import dev.arbor.tree.pack.Normalization;

/**
 * What a {@link TrainerActor} is created with (sent as JSON).
 *
 * @param model the policy to train
 * @param lr learning rate (constant)
 * @param sftLr peak learning rate of the supervised warm-up
 * @param sftSteps length of the supervised warm-up: its rate rises linearly over the first 5 % of
 *     these steps, then decays by a cosine to {@code sftMinLrRatio} of the peak (0: no warm-up
 *     planned; the rate is then constant)
 * @param sftMinLrRatio the warm-up's final rate as a fraction of its peak, in [0, 1]
 * @param maxGradNorm gradient clipping (0 = none)
 * @param lossNormalization how RL token losses are averaged: {@code token-mean} over every trained
 *     token of the step, or {@code sequence-mean} (each trajectory's token mean, then the mean over
 *     trajectories, as in the GRPO paper)
 * @param klCoef weight of the k3 KL penalty to a frozen reference, the policy when RL starts (0 =
 *     none): it penalises drift away from what the warm-up taught
 * @param rlFreshOptimizer zero the optimizer's moments when RL starts (the warm-up's second moments
 *     come from gradients of another scale); not when a resumed run is already past its warm-up
 * @param runDir run folder for {@code metrics.jsonl} and {@code checkpoints/}, on the trainer's
 *     node; null to write nothing
 * @param checkpointEvery save a checkpoint every this many steps (0 = never)
 * @param resume continue from the newest checkpoint in {@code runDir/checkpoints} if there is one
 */
public record TrainerSpec(
    ModelSpec model,
    double lr,
    double sftLr,
    int sftSteps,
    double sftMinLrRatio,
    double maxGradNorm,
    String lossNormalization,
    double klCoef,
    boolean rlFreshOptimizer,
    String runDir,
    int checkpointEvery,
    boolean resume) {

  public TrainerSpec {
    if (model == null) {
      throw new IllegalArgumentException("trainer: model is required");
    }
    if (!(lr > 0 && Double.isFinite(lr))) {
      throw new IllegalArgumentException("train.lr must be > 0, got " + lr);
    }
    if (!(sftLr > 0 && Double.isFinite(sftLr))) {
      throw new IllegalArgumentException("train.sft_lr must be > 0, got " + sftLr);
    }
    if (sftSteps < 0) {
      throw new IllegalArgumentException("train.sft_steps must be >= 0, got " + sftSteps);
    }
    if (!(sftMinLrRatio >= 0 && sftMinLrRatio <= 1)) {
      throw new IllegalArgumentException(
          "train.sft_min_lr_ratio must be in [0, 1], got " + sftMinLrRatio);
    }
    if (!(maxGradNorm >= 0)) {
      throw new IllegalArgumentException("train.max_grad_norm must be >= 0, got " + maxGradNorm);
    }
    normalizationMode(lossNormalization);
    if (!(klCoef >= 0) || Double.isInfinite(klCoef)) {
      throw new IllegalArgumentException("train.kl_coef must be >= 0, got " + klCoef);
    }
    if (checkpointEvery < 0) {
      throw new IllegalArgumentException(
          "train.checkpoint_every must be >= 0, got " + checkpointEvery);
    }
    if (resume && runDir == null) {
      throw new IllegalArgumentException("resume needs a run folder");
    }
  }

  /**
   * The normalisation named {@code name}: {@code token-mean} or {@code sequence-mean}.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static Normalization.Mode normalizationMode(String name) {
    return switch (name == null ? "" : name) {
      case "token-mean" -> Normalization.Mode.TOKEN_MEAN;
      case "sequence-mean" -> Normalization.Mode.SEQUENCE_MEAN_TOKEN_MEAN;
      default ->
          throw new IllegalArgumentException(
              "train.loss_normalization must be 'token-mean' or 'sequence-mean', got '"
                  + name
                  + "'");
    };
  }

  /** The supervised warm-up's learning rate by step (see {@code sftSteps}). */
  public LrSchedule sftSchedule() {
    if (sftSteps == 0) {
      return LrSchedule.constant(sftLr);
    }
    return new LrSchedule(sftLr, Math.max(1, sftSteps / 20), sftSteps, sftMinLrRatio);
  }
}
