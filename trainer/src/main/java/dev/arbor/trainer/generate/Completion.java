package dev.arbor.trainer.generate;

/**
 * What one {@link Generator#generate} call produced for one sequence, per generated token.
 *
 * @param seqId the sequence
 * @param tokens the generated token ids (EOS and stop tokens included)
 * @param logprobs log-prob of each token under the distribution it was sampled from (after
 *     temperature and top-p; 0 under greedy decoding, which samples with probability 1)
 * @param rawLogprobs log-prob of each token under the policy itself (temperature 1, no top-p): what
 *     the trainer's forward pass recomputes
 * @param entropies entropy (nats) of the policy's full distribution at temperature 1 at each step
 * @param version the policy version that generated the tokens
 * @param finish why generation stopped
 */
public record Completion(
    int seqId,
    int[] tokens,
    float[] logprobs,
    float[] rawLogprobs,
    float[] entropies,
    int version,
    FinishReason finish) {

  /** Number of generated tokens. */
  public int length() {
    return tokens.length;
  }
}
