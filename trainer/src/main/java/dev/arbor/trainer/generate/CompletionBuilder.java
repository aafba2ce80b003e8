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
