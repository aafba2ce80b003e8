package dev.arbor.trainer.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.arbor.trainer.forward.Forward;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.tree.Role;
import dev.arbor.tree.pack.FlatSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The generator against full recomputation (recorded log-probs and entropies within 1e-5, greedy
 * tokens = argmax of recomputed logits), and its reproducibility: same seed, same tokens, whatever
 * the batch.
 */
class GeneratorTest {
  static final Qwen2Config CONFIG = Qwen2Config.named("tiny");
  static final int V = CONFIG.vocabSize();

  static int[] prompt(long seed, int n) {
    return new Random(seed).ints(n, 0, V).toArray();
  }

  /** log-softmax rows [T, V] of a recomputed sequence, in double. */
  static double[][] logSoftmax(float[] logits, int t) {
    double[][] out = new double[t][V];
    for (int i = 0; i < t; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < V; k++) {
        max = Math.max(max, logits[i * V + k]);
      }
      double z = 0;
      for (int k = 0; k < V; k++) {
        z += Math.exp(logits[i * V + k] - max);
      }
      for (int k = 0; k < V; k++) {
        out[i][k] = logits[i * V + k] - max - Math.log(z);
      }
    }
    return out;
  }

  /**
   * Checks a completion against a full recomputation of the sequence: raw log-prob and entropy of
   * each generated token within 1e-5; under greedy decoding, the token is the argmax.
   */
  static void checkAgainstRecompute(
      Qwen2Model model, int[] all, Completion c, int start, boolean greedy, NDManager root) {
    float[] logits = KvCacheTest.fullLogits(model, all, root);
    double[][] lp = logSoftmax(logits, all.length);
    for (int i = 0; i < c.length(); i++) {
      int pos = start + i - 1; // the distribution token start+i was drawn from
      assertThat(all[start + i]).isEqualTo(c.tokens()[i]);
      double ent = 0;
      int argmax = 0;
      for (int k = 0; k < V; k++) {
        ent -= Math.exp(lp[pos][k]) * lp[pos][k];
        if (lp[pos][k] > lp[pos][argmax]) {
          argmax = k;
        }
      }
      assertThat(Math.abs(c.rawLogprobs()[i] - lp[pos][c.tokens()[i]]))
          .as("raw logprob %d", i)
          .isLessThan(1e-5);
      assertThat(Math.abs(c.entropies()[i] - ent)).as("entropy %d", i).isLessThan(1e-5);
      if (greedy) {
        assertThat(c.tokens()[i]).as("greedy token %d", i).isEqualTo(argmax);
        assertThat(c.logprobs()[i]).isZero();
      }
    }
  }

  @Test
  void greedyAndSampledDecodingMatchFullRecomputationWithin1e5() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 11, root);
        Generator gen = new Generator(model, root)) {
      int[] p = prompt(1, 7);
      int a = gen.start(p, 1);
      int b = gen.start(prompt(2, 3), 2);
      List<Completion> greedy = gen.generate(List.of(a, b), SamplingParams.greedy(12), 4);
      checkAgainstRecompute(model, gen.tokens(a), greedy.get(0), 7, true, root);
      checkAgainstRecompute(model, gen.tokens(b), greedy.get(1), 3, true, root);
      assertThat(greedy.get(0).version()).isEqualTo(4);
      assertThat(greedy.get(0).finish()).isEqualTo(FinishReason.LENGTH);
      // Continue the same sequences with sampling at temperature 1: sampling = policy log-prob.
      int lenA = gen.length(a);
      List<Completion> sampled = gen.generate(List.of(a, b), SamplingParams.of(1, 1, 9), 5);
      checkAgainstRecompute(model, gen.tokens(a), sampled.get(0), lenA, false, root);
      for (int i = 0; i < 9; i++) {
        assertThat(sampled.get(0).logprobs()[i])
            .isCloseTo(sampled.get(0).rawLogprobs()[i], org.assertj.core.data.Offset.offset(1e-6f));
      }
    }
  }

  @Test
  void recordedLogprobsEqualTheTrainersFlatScoringWithin1e5() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 12, root);
        Generator gen = new Generator(model, root)) {
      int s = gen.start(prompt(3, 5), 9);
      Completion c = gen.generate(List.of(s), SamplingParams.of(1, 1, 10), 0).get(0);
      int[] all = gen.tokens(s);
      int n = all.length;
      FlatSequence flat =
          new FlatSequence(
              new int[n], all, new Role[n], new boolean[n], new float[n], new float[n], new int[n]);
      try (NDManager m = root.newSubManager()) {
        var scores = Forward.flat(model, flat, m);
        float[] lp = scores.logprobs().toFloatArray();
        float[] ent = scores.entropies().toFloatArray();
        for (int i = 0; i < c.length(); i++) {
          assertThat(Math.abs(lp[5 + i] - c.rawLogprobs()[i])).isLessThan(1e-5f);
          assertThat(Math.abs(ent[5 + i] - c.entropies()[i])).isLessThan(1e-5f);
        }
      }
    }
  }

  @Test
  void temperatureAndTopPLogprobsAreThoseOfTheSamplingDistributionWithin1e5() {
    double temperature = 0.7;
    double topP = 0.5;
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 13, root);
        Generator gen = new Generator(model, root)) {
      int s = gen.start(prompt(4, 4), 3);
      Completion c = gen.generate(List.of(s), SamplingParams.of(temperature, topP, 8), 0).get(0);
      int[] all = gen.tokens(s);
      float[] logits = KvCacheTest.fullLogits(model, all, root);
      for (int i = 0; i < c.length(); i++) {
        int pos = 4 + i - 1;
        double[] q = new double[V];
        double z = 0;
        for (int k = 0; k < V; k++) {
          q[k] = Math.exp(logits[pos * V + k] / temperature);
          z += q[k];
        }
        Integer[] order = new Integer[V];
        for (int k = 0; k < V; k++) {
          q[k] /= z;
          order[k] = k;
        }
        Arrays.sort(order, (x, y) -> Double.compare(q[y], q[x]));
        double mass = 0;
        boolean inNucleus = false;
        for (int k = 0; k < V && mass < topP; k++) {
          mass += q[order[k]];
          inNucleus |= order[k] == c.tokens()[i];
        }
        assertThat(inNucleus).as("token %d in the top-p nucleus", i).isTrue();
        double expected = Math.log(q[c.tokens()[i]] / mass);
        assertThat(Math.abs(c.logprobs()[i] - expected)).as("token %d", i).isLessThan(1e-5);
      }
    }
  }

  /** Generates with sequences started from the given prompts and seeds, in one batch. */
  static List<Completion> run(
      Qwen2Model model,
      PrefixCache cache,
      int[][] prompts,
      long[] seeds,
      SamplingParams p,
      NDManager root) {
    return run(model, cache, Generator.DEFAULT_COPY_SHARED_BELOW_BYTES, prompts, seeds, p, root);
  }

  /** As above, with the given threshold for copying shared KV (0: always attend it shared). */
  static List<Completion> run(
      Qwen2Model model,
      PrefixCache cache,
      long copyBelow,
      int[][] prompts,
      long[] seeds,
      SamplingParams p,
      NDManager root) {
    try (Generator gen = new Generator(model, cache, copyBelow, root)) {
      List<Integer> ids = new ArrayList<>();
      for (int i = 0; i < prompts.length; i++) {
        ids.add(gen.start(prompts[i], seeds[i]));
      }
      return gen.generate(ids, p, 0);
    }
  }

  static void assertSame(List<Completion> a, List<Completion> b) {
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).tokens()).as("tokens of %d", i).isEqualTo(b.get(i).tokens());
      assertThat(a.get(i).finish()).isEqualTo(b.get(i).finish());
      for (int k = 0; k < a.get(i).length(); k++) {
        assertThat(Math.abs(a.get(i).logprobs()[k] - b.get(i).logprobs()[k])).isLessThan(1e-5f);
        assertThat(Math.abs(a.get(i).entropies()[k] - b.get(i).entropies()[k])).isLessThan(1e-5f);
      }
    }
  }

  @Test
  void sameSeedSameTokensAndBatchedEqualsOneByOne() {
    // EOS and a stop sequence make rows finish at different steps (rows leave the batch).
    SamplingParams p =
        SamplingParams.of(1.0, 0.9, 10).withEos(17).withStop(List.of(new int[] {3, 4}));
    int[][] prompts = {prompt(5, 6), prompt(6, 2), prompt(7, 9)};
    long[] seeds = {1, 2, 3};
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 14, root)) {
      List<Completion> batched = run(model, null, prompts, seeds, p, root);
      assertSame(run(model, null, prompts, seeds, p, root), batched);
      List<Completion> alone = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        alone.addAll(run(model, null, new int[][] {prompts[i]}, new long[] {seeds[i]}, p, root));
      }
      assertSame(alone, batched);
      // Another order gives each sequence the same tokens.
      List<Completion> reversed =
          run(
              model,
              null,
              new int[][] {prompts[2], prompts[1], prompts[0]},
              new long[] {3, 2, 1},
              p,
              root);
      assertSame(List.of(reversed.get(2), reversed.get(1), reversed.get(0)), batched);
      List<Completion> otherSeed = run(model, null, prompts, new long[] {4, 5, 6}, p, root);
      assertThat(otherSeed.get(0).tokens()).isNotEqualTo(batched.get(0).tokens());
    }
  }

  @Test
  void stopSequencesEosAndLimitsEndGeneration() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 15, root);
        Generator gen = new Generator(model, root)) {
      int s = gen.start(prompt(8, 4), 1);
      int[] free = gen.generate(List.of(s), SamplingParams.greedy(6), 0).get(0).tokens();
      // The same greedy run, stopped by its own 3rd and 4th token, or its 2nd token as EOS, ends
      // where that pair (that token) first occurs.
      int a = gen.start(prompt(8, 4), 1);
      int b = gen.start(prompt(8, 4), 1);
      int[] pair = {free[2], free[3]};
      Completion stop =
          gen.generate(List.of(a), SamplingParams.greedy(6).withStop(List.of(pair)), 0).get(0);
      int end = 1;
      while (free[end - 1] != pair[0] || free[end] != pair[1]) {
        end++;
      }
      assertThat(stop.finish()).isEqualTo(FinishReason.STOP);
      assertThat(stop.tokens()).isEqualTo(Arrays.copyOf(free, end + 1));
      Completion eos =
          gen.generate(List.of(b), SamplingParams.greedy(6).withEos(free[1]), 0).get(0);
      int first = 0;
      while (free[first] != free[1]) {
        first++;
      }
      assertThat(eos.finish()).isEqualTo(FinishReason.EOS);
      assertThat(eos.tokens()).isEqualTo(Arrays.copyOf(free, first + 1));
    }
  }

  @Test
  void appendedToolTokensContinueWithTheCacheIntact() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 16, root);
        Generator gen = new Generator(model, root)) {
      int s = gen.start(prompt(9, 5), 2);
      int other = gen.start(prompt(10, 3), 3);
      gen.generate(List.of(s, other), SamplingParams.of(1, 1, 4), 0);
      gen.append(s, 40, 41, 42);
      assertThat(gen.cachedLength(s)).isEqualTo(8); // the last sampled token is not yet fed
      int before = gen.length(s);
      List<Completion> c = gen.generate(List.of(other, s), SamplingParams.greedy(5), 1);
      checkAgainstRecompute(model, gen.tokens(s), c.get(1), before, true, root);
      // A fork from the middle of the first turn continues like a fresh recomputation.
      int f = gen.fork(s, 7, 5);
      assertThat(gen.cachedLength(f)).isEqualTo(6);
      Completion fc = gen.generate(List.of(f), SamplingParams.greedy(4), 1).get(0);
      checkAgainstRecompute(model, gen.tokens(f), fc, 7, true, root);
    }
  }

  @Test
  void noArraysLeakAfterGenerating() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 17, root)) {
      int baseline = root.getManagedArrays().size();
      try (PrefixCache cache = new PrefixCache(root, 1000);
          Generator gen = new Generator(model, cache, root)) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          ids.add(gen.start(prompt(11, 6), i));
        }
        gen.generate(ids, SamplingParams.of(1, 1, 5).withEos(3), 0);
        int f = gen.fork(ids.get(0), 8, 9);
        gen.append(f, 5, 6);
        gen.generate(List.of(f, ids.get(1)), SamplingParams.of(1, 1, 3), 0);
        for (int id : List.of(ids.get(0), ids.get(1), ids.get(2), f)) {
          gen.release(id);
        }
        // Only the prefix cache's node remains: one block of 2 arrays per layer.
        assertThat(root.getManagedArrays().size() - baseline)
            .isEqualTo(2 * CONFIG.numHiddenLayers() * cache.stats().nodes());
      }
      assertThat(root.getManagedArrays().size()).isEqualTo(baseline);
    }
  }

  @Test
  void errorsNameWhatWasWrong() {
    Qwen2Config short32 = new Qwen2Config(V, 32, 64, 1, 2, 1, 1e-6, 10000, 16, true, "float32");
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(short32, 1, root);
        Generator gen = new Generator(model, root)) {
      assertThatThrownBy(() -> gen.start(new int[16], 0))
          .hasMessageContaining("prompt of 16 tokens")
          .hasMessageContaining("max_position_embeddings is 16");
      assertThatThrownBy(() -> gen.start(new int[] {1, V}, 0))
          .hasMessageContaining("prompt[1] = " + V)
          .hasMessageContaining("vocabulary");
      assertThatThrownBy(() -> gen.generate(List.of(42), SamplingParams.greedy(1), 0))
          .hasMessageContaining("unknown sequence id 42");
      assertThatThrownBy(() -> SamplingParams.of(-1, 1, 4)).hasMessageContaining("temperature");
      assertThatThrownBy(() -> SamplingParams.of(1, 0, 4)).hasMessageContaining("top_p");
      assertThatThrownBy(() -> SamplingParams.of(1, 1.5, 4)).hasMessageContaining("top_p");
      assertThatThrownBy(() -> SamplingParams.of(1, 1, 0)).hasMessageContaining("max_new_tokens");
      int s = gen.start(new int[] {1, 2, 3}, 0);
      assertThatThrownBy(() -> gen.generate(List.of(s, s), SamplingParams.greedy(1), 0))
          .hasMessageContaining("listed twice");
      assertThatThrownBy(() -> gen.fork(s, 4, 0)).hasMessageContaining("fork length 4");
      // Generation stops at the model's maximum positions.
      Completion c = gen.generate(List.of(s), SamplingParams.greedy(50), 0).get(0);
      assertThat(c.length()).isEqualTo(13);
      assertThat(c.finish()).isEqualTo(FinishReason.LENGTH);
      assertThatThrownBy(() -> gen.generate(List.of(s), SamplingParams.greedy(1), 0))
          .hasMessageContaining("already holds max_position_embeddings");
      gen.release(s);
      assertThatThrownBy(() -> gen.tokens(s)).hasMessageContaining("released");
    }
  }
}
