package dev.arbor.trainer.generate;

/**
 * Counters of a {@link Generator} since it was created.
 *
 * @param requestedPrefillTokens tokens that had to be brought into the KV cache before sampling
 *     (prompts, appended tokens, the last sampled token of a continued sequence): what would be
 *     prefilled without any reuse
 * @param prefillTokens of those, tokens actually computed (the rest came from the prefix cache)
 * @param decodeTokens tokens fed one per sequence per decoding step
 * @param generatedTokens tokens sampled
 * @param prefillNanos wall time in prefill forward passes (including prefix-cache fills)
 * @param decodeNanos wall time in decoding steps (forward and sampling)
 */
public record GeneratorStats(
    long requestedPrefillTokens,
    long prefillTokens,
    long decodeTokens,
    long generatedTokens,
    long prefillNanos,
    long decodeNanos) {

  /** Prefill tokens reused from the prefix cache. */
  public long reusedTokens() {
    return requestedPrefillTokens - prefillTokens;
  }

  /** Reused / requested prefill tokens (0 when nothing was requested). */
  public double prefixHitRate() {
    return requestedPrefillTokens == 0 ? 0 : (double) reusedTokens() / requestedPrefillTokens;
  }

  /** Tokens the model computed: prefill plus decode. */
  public long computedTokens() {
    return prefillTokens + decodeTokens;
  }
}
