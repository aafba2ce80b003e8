package dev.arbor.trainer.generate;

/** Rewards a finished rollout (a verifier, a reward model, a test in a unit test). */
@FunctionalInterface
public interface RolloutScorer {

  /**
   * @param prompt the prompt's tokens
   * @param completion the generated tokens
   * @param finish why generation stopped
   * @return the reward (not NaN)
   */
  double score(int[] prompt, int[] completion, FinishReason finish);
}
