package dev.arbor.trainer.generate;

import static dev.arbor.trainer.generate.GeneratorTest.CONFIG;
import static dev.arbor.trainer.generate.GeneratorTest.prompt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.arbor.trainer.model.Qwen2Model;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Prefix reuse changes nothing but the work done: same tokens, log-probs within 1e-5. */
class PrefixCacheTest {

  @Test
  void outputsWithThePrefixCacheEqualOutputsWithout() {
    SamplingParams p = SamplingParams.of(1.0, 1.0, 6).withEos(5);
    int[] system = prompt(20, 12);
    int[] a = concat(system, prompt(21, 4));
    int[] b = concat(system, prompt(22, 7));
    // G = 3 samples of prompt a, 2 of b (which shares a's first 12 tokens), one unrelated prompt.
    int[][] prompts = {a, a, a, b, b, prompt(23, 5)};
    long[] seeds = {1, 2, 3, 4, 5, 6};
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 21, root)) {
      List<Completion> plain = GeneratorTest.run(model, null, prompts, seeds, p, root);
      try (PrefixCache cache = new PrefixCache(root, 10_000)) {
        List<Completion> cached = GeneratorTest.run(model, cache, prompts, seeds, p, root);
        // The same with the shared prompt attended once as the batch's shared prefix.
        try (PrefixCache other = new PrefixCache(root, 10_000)) {
          GeneratorTest.assertSame(
              plain, GeneratorTest.run(model, other, 0, prompts, seeds, p, root));
        }
        GeneratorTest.assertSame(plain, cached);
        // Computed once each: the shared 12, a's next 3 and b's next 6 (the last prompt token of
        // each sequence is fed with the batch), the unrelated prompt's 4, and 6 last tokens.
        long requested = 3 * 16 + 2 * 19 + 5;
        assertThat(cache.stats().requestedTokens()).isEqualTo(requested);
        assertThat(cache.stats().reusedTokens()).isEqualTo(requested - (6 + 12 + 3 + 6 + 4));
        // A second round of the same prompts hits everything but the last tokens.
        List<Completion> again = GeneratorTest.run(model, cache, prompts, seeds, p, root);
        GeneratorTest.assertSame(plain, again);
        assertThat(cache.stats().reusedTokens())
            .isEqualTo(2 * requested - (6 + 12 + 3 + 6 + 4) - 6);
        assertThat(cache.prefixHitRate()).isBetween(0.5, 1.0);
      }
    }
  }

  @Test
  void leastRecentlyUsedPrefixesAreEvictedToTheBudget() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 22, root);
        PrefixCache cache = new PrefixCache(root, 20);
        Generator gen = new Generator(model, cache, root)) {
      int[] x = prompt(30, 9);
      int[] y = prompt(31, 9);
      int[] z = prompt(32, 9);
      for (int[] pr : List.of(x, y)) {
        gen.generate(List.of(gen.start(pr, 1)), SamplingParams.greedy(1), 0);
      }
      assertThat(cache.cachedTokens()).isEqualTo(16);
      // Touch x, then insert z: y is the least recently used and goes.
      gen.generate(List.of(gen.start(x, 1)), SamplingParams.greedy(1), 0);
      gen.generate(List.of(gen.start(z, 1)), SamplingParams.greedy(1), 0);
      assertThat(cache.cachedTokens()).isEqualTo(16);
      assertThat(cache.stats().evictedTokens()).isEqualTo(8);
      long reused = cache.stats().reusedTokens();
      gen.generate(List.of(gen.start(x, 1)), SamplingParams.greedy(1), 0);
      assertThat(cache.stats().reusedTokens() - reused).isEqualTo(8);
      reused = cache.stats().reusedTokens();
      gen.generate(List.of(gen.start(y, 1)), SamplingParams.greedy(1), 0);
      assertThat(cache.stats().reusedTokens() - reused).isZero();
    }
  }

  @Test
  void aPartialMatchSplitsANodeAndStillMatchesRecomputation() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 23, root);
        PrefixCache cache = new PrefixCache(root, 1_000);
        Generator gen = new Generator(model, cache, root)) {
      int[] longer = prompt(40, 12);
      int[] shorter = java.util.Arrays.copyOf(longer, 7);
      gen.generate(List.of(gen.start(longer, 1)), SamplingParams.greedy(2), 0);
      int s = gen.start(concat(shorter, new int[] {99, 98}), 1);
      Completion c = gen.generate(List.of(s), SamplingParams.greedy(4), 0).get(0);
      GeneratorTest.checkAgainstRecompute(model, gen.tokens(s), c, 9, true, root);
      assertThat(cache.stats().nodes()).isEqualTo(3); // shared 7, rest of longer, rest of new
      assertThat(cache.cachedTokens()).isEqualTo(7 + 4 + 1);
    }
  }

  @Test
  void theBudgetMustBePositive() {
    try (NDManager root = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> new PrefixCache(root, 0)).hasMessageContaining("budget");
    }
  }

  static int[] concat(int[] a, int[] b) {
    int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  static List<Integer> range(int n) {
    List<Integer> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(i);
    }
    return l;
  }
}
