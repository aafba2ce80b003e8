package dev.arbor.trainer.generate;

import java.util.Arrays;

/**
 * Collects one sequence's sampled tokens during a generate call, then builds its {@link
 * Completion}.
 */
final class CompletionBuilder {
  final int limit;
  final int[] tokens;
  final float[] logprobs;
  final float[] raw;
  final float[] entropies;
  int n;
  FinishReason finish;

  CompletionBuilder(int limit) {
    this.limit = limit;
    tokens = new int[limit];
    logprobs = new float[limit];
    raw = new float[limit];
    entropies = new float[limit];
  }

  void add(Sampler.Sample x) {
    tokens[n] = x.token();
    logprobs[n] = x.logprob();
    raw[n] = x.rawLogprob();
    entropies[n] = x.entropy();
    n++;
  }

  /**
   * Why generation stops after the token just added, or null: EOS, then a stop sequence at the end
   * of this call's tokens, then the call's limit or the model's maximum positions ({@code full}).
   */
  FinishReason finishReason(SamplingParams p, boolean full) {
    int token = tokens[n - 1];
    if (token == p.eosId()) {
      return FinishReason.EOS;
    }
    for (int[] stop : p.stopSequences()) {
      if (n >= stop.length && Arrays.equals(tokens, n - stop.length, n, stop, 0, stop.length)) {
        return FinishReason.STOP;
      }
    }
    return n >= limit || full ? FinishReason.LENGTH : null;
  }

  Completion completion(int seqId, int version) {
    return new Completion(
        seqId,
        Arrays.copyOf(tokens, n),
        Arrays.copyOf(logprobs, n),
        Arrays.copyOf(raw, n),
        Arrays.copyOf(entropies, n),
        version,
        finish);
  }
}
