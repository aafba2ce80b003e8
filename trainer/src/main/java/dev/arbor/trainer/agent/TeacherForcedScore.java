package dev.arbor.trainer.agent;

import ai.djl.ndarray.NDManager;
import dev.arbor.trainer.forward.Forward;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.trainer.tokenizer.Tokenizer;
import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * How well a policy reproduces teacher episodes it is fed token by token: a cheap, low-noise check
 * of a warm-up that needs no rollouts. A token counts as <em>matched</em> when the policy gives it
 * probability above one half (so greedy decoding would pick it); only generated tokens (the
 * policy's own turns) count. Digits are reported apart: on {@code arithmetic-tools} they are the
 * few tokens copied from the question or a tool result, and one wrong digit fails the episode,
 * while the many format tokens are learnt early. An episode is <em>exact</em> when all of its
 * generated tokens match: greedy decoding would then replay the teacher's episode.
 *
 * <pre>{@code
 * int[] digits = TeacherForcedScore.digitIds(tokenizer);
 * TeacherForcedScore s = TeacherForcedScore.of(model, episodes, digits, manager);
 * s.digitAccuracy();  // e.g. 0.97
 * }</pre>
 *
 * @param episodes episodes scored
 * @param exactEpisodes episodes whose generated tokens all matched
 * @param tokens generated tokens scored (an episode's first token has no predecessor and is
 *     skipped)
 * @param matchedTokens of those, the matched ones
 * @param digitTokens generated tokens that are digits
 * @param matchedDigits of those, the matched ones
 * @param logprobSum sum of the generated tokens' log-probs
 */
public record TeacherForcedScore(
    int episodes,
    int exactEpisodes,
    long tokens,
    long matchedTokens,
    long digitTokens,
    long matchedDigits,
    double logprobSum) {

  private static final double HALF = Math.log(0.5);

  /** Scores each episode on its own (positions from 0, causal attention). */
  public static TeacherForcedScore of(
      Qwen2Model model, List<Trajectory> episodes, int[] digitIds, NDManager manager) {
    if (episodes.isEmpty()) {
      throw new IllegalArgumentException("teacher-forced score: no episodes");
    }
    Set<Integer> digitSet = new HashSet<>();
    for (int id : digitIds) {
      digitSet.add(id);
    }
    IntPredicate digit = digitSet::contains;
    TeacherForcedScore total = new TeacherForcedScore(0, 0, 0, 0, 0, 0, 0);
    for (Trajectory t : episodes) {
      int n = t.length();
      int[] ids = new int[n];
      boolean[] generated = new boolean[n];
      int at = 0;
      for (Segment s : t.segments()) {
        for (int i = 0; i < s.length(); i++) {
          ids[at] = s.token(i);
          generated[at++] = s.role().generated();
        }
      }
      float[] logprobs;
      try (NDManager m = manager.newSubManager()) {
        logprobs = Forward.tokens(model, ids, m).logprobs().toFloatArray();
      }
      total = total.plus(tally(ids, generated, logprobs, digit));
    }
    return total;
  }

  /**
   * The score of one episode from its per-token log-probs ({@code logprobs[i]} scores {@code
   * ids[i]} given the tokens before it; token 0 is never counted).
   */
  static TeacherForcedScore tally(
      int[] ids, boolean[] generated, float[] logprobs, IntPredicate digit) {
    long tokens = 0;
    long matched = 0;
    long digits = 0;
    long matchedDigits = 0;
    double sum = 0;
    for (int i = 1; i < ids.length; i++) {
      if (!generated[i]) {
        continue;
      }
      boolean ok = logprobs[i] > HALF;
      tokens++;
      matched += ok ? 1 : 0;
      sum += logprobs[i];
      if (digit.test(ids[i])) {
        digits++;
        matchedDigits += ok ? 1 : 0;
      }
    }
    return new TeacherForcedScore(
        1, matched == tokens ? 1 : 0, tokens, matched, digits, matchedDigits, sum);
  }

  /** The sum of two scores (over the union of their episodes). */
  public TeacherForcedScore plus(TeacherForcedScore o) {
    return new TeacherForcedScore(
        episodes + o.episodes,
        exactEpisodes + o.exactEpisodes,
        tokens + o.tokens,
        matchedTokens + o.matchedTokens,
        digitTokens + o.digitTokens,
        matchedDigits + o.matchedDigits,
        logprobSum + o.logprobSum);
  }

  /** Ids of the tokens whose text is one or more ASCII digits, under {@code tokenizer}. */
  public static int[] digitIds(Tokenizer tokenizer) {
    return IntStream.range(0, tokenizer.vocabSize())
        .filter(
            id -> {
              String s = tokenizer.decode(new int[] {id});
              return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
            })
        .toArray();
  }

  public double tokenAccuracy() {
    return ratio(matchedTokens, tokens);
  }

  public double digitAccuracy() {
    return ratio(matchedDigits, digitTokens);
  }

  public double exactRate() {
    return ratio(exactEpisodes, episodes);
  }

  /** Mean negative log-prob of the generated tokens (the SFT loss on these episodes). */
  public double loss() {
    return tokens == 0 ? Double.NaN : -logprobSum / tokens;
  }

  /** The numbers for a report: accuracies, exact rate, loss and the counts behind them. */
  public Map<String, Double> toMap() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("episodes", (double) episodes);
    out.put("exact_rate", exactRate());
    out.put("token_accuracy", tokenAccuracy());
    out.put("digit_accuracy", digitAccuracy());
    out.put("loss", loss());
    out.put("tokens", (double) tokens);
    out.put("digit_tokens", (double) digitTokens);
    return out;
  }

  private static double ratio(long a, long b) {
    return b == 0 ? Double.NaN : (double) a / b;
  }
}
