package dev.arbor.trainer.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * How tokens are drawn and when a sequence stops. Validated at construction.
 *
 * <p>Sampling: logits are divided by {@code temperature}, then top-p keeps the smallest set of most
 * probable tokens whose probability reaches {@code topP} (at least one token), renormalised.
 * Temperature 0 is greedy decoding (argmax; ties go to the lowest token id).
 *
 * <p>Stopping, checked after each token in this order: the token is {@code eosId} ({@link
 * FinishReason#EOS}); the tokens generated in this call end with one of {@code stopSequences}
 * ({@link FinishReason#STOP}); {@code maxNewTokens} were generated in this call, or the sequence
 * reached the model's maximum positions ({@link FinishReason#LENGTH}). EOS and stop tokens are kept
 * in the output: the policy generated them, and the trainer needs them.
 *
 * @param temperature 0 (greedy) or > 0
 * @param topP in (0, 1]; 1 disables top-p
 * @param maxNewTokens tokens to generate at most per call, >= 1
 * @param stopSequences token-id sequences that end generation (each non-empty); may be empty
 * @param eosId end-of-sequence token id, or -1 for none
 */
public record SamplingParams(
    double temperature, double topP, int maxNewTokens, List<int[]> stopSequences, int eosId) {

  public SamplingParams {
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException(
          "temperature must be a finite number >= 0 (0 = greedy), got " + temperature);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
    }
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("max_new_tokens must be >= 1, got " + maxNewTokens);
    }
    if (eosId < -1) {
      throw new IllegalArgumentException("eos id must be a token id or -1 (none), got " + eosId);
    }
    List<int[]> copy = new ArrayList<>();
    for (int i = 0; i < stopSequences.size(); i++) {
      int[] s = stopSequences.get(i);
      if (s == null || s.length == 0) {
        throw new IllegalArgumentException("stop sequence " + i + " is empty");
      }
      copy.add(s.clone());
    }
    stopSequences = List.copyOf(copy);
  }

  /** Sampling at {@code temperature} with top-p, no stop sequences, no EOS. */
  public static SamplingParams of(double temperature, double topP, int maxNewTokens) {
    return new SamplingParams(temperature, topP, maxNewTokens, List.of(), -1);
  }

  /** Greedy decoding of at most {@code maxNewTokens}. */
  public static SamplingParams greedy(int maxNewTokens) {
    return of(0, 1, maxNewTokens);
  }

  /** These parameters with an end-of-sequence token. */
  public SamplingParams withEos(int eos) {
    return new SamplingParams(temperature, topP, maxNewTokens, stopSequences, eos);
  }

  /** These parameters with the given stop sequences (token ids). */
  public SamplingParams withStop(List<int[]> stops) {
    return new SamplingParams(temperature, topP, maxNewTokens, stops, eosId);
  }

  /** These parameters with another token limit. */
  public SamplingParams withMaxNewTokens(int max) {
    return new SamplingParams(temperature, topP, max, stopSequences, eosId);
  }

  /** True for greedy decoding. */
  public boolean greedy() {
    return temperature == 0;
  }
}
