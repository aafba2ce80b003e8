package dev.arbor.trainer.loss;

import ai.djl.ndarray.NDArray;

/**
 * A per-token loss over a packed tree, written against the tree's {@link TokenWeights} so that the
 * packed loss equals the sum of the flat per-trajectory losses (DESIGN.md §4). {@link
 * dev.arbor.trainer.train.TreeTrainer} runs either kind with the same step machinery: {@link
 * PolicyLoss} (PPO / GRPO) or {@link SftLoss} (supervised, on teacher episodes).
 */
public interface TreeLoss {

  /**
   * The loss and its statistics.
   *
   * @param logp current log-probs [T] (with gradient)
   * @param oldLogp behaviour log-probs [T] (no gradient), or null when {@link #usesOldLogprobs()}
   *     is false
   * @param refLogp reference log-probs [T], or null when {@link #usesReference()} is false
   * @param entropy current entropies [T] (with gradient), or null when unused
   * @param w the tree's per-token weights
   */
  LossOutput compute(
      NDArray logp, NDArray oldLogp, NDArray refLogp, NDArray entropy, TokenWeights w);

  /** Whether the loss needs a reference model's log-probs (a KL term). */
  boolean usesReference();

  /** Whether the loss needs the behaviour policy's log-probs (an importance ratio). */
  default boolean usesOldLogprobs() {
    return true;
  }
}
