package dev.arbor.trainer.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.arbor.trainer.model.DenseAttention;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.model.Qwen2Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The KV cache against full recomputation with a causal dense mask: logits of every fed token
 * within 1e-5, over ragged steps (rows feeding 0..4 tokens), a shared prefix, and dropped rows.
 */
class KvCacheTest {
  private static final Qwen2Config CONFIG = Qwen2Config.named("tiny");
  private static final float TOL = 1e-5f;

  /** Logits [T, V] of a whole sequence, recomputed from scratch (the reference). */
  static float[] fullLogits(Qwen2Model model, int[] tokens, NDManager root) {
    try (NDManager m = root.newSubManager()) {
      int t = tokens.length;
      int[] pos = new int[t];
      for (int i = 0; i < t; i++) {
        pos[i] = i;
      }
      NDArray h =
          model.hidden(
              m.create(tokens, new Shape(1, t)),
              m.create(pos, new Shape(1, t)),
              DenseAttention.causal(m, new int[] {t}, t));
      return model.logits(h.reshape(t, -1)).toFloatArray();
    }
  }

  /** Feeds ragged steps into a cache and checks every fed token's logits against recomputation. */
  private static void checkSteps(
      Qwen2Model model, KvCache cache, List<List<Integer>> seqs, int[][][] steps, NDManager root) {
    int v = CONFIG.vocabSize();
    for (int[][] step : steps) {
      int b = step.length;
      int t = 0;
      int[] counts = new int[b];
      for (int r = 0; r < b; r++) {
        counts[r] = step[r].length;
        t = Math.max(t, counts[r]);
      }
      int[] tokens = new int[b * t];
      for (int r = 0; r < b; r++) {
        System.arraycopy(step[r], 0, tokens, r * t, counts[r]);
      }
      float[] logits;
      try (NDManager m = root.newSubManager()) {
        cache.beginStep(m, counts);
        NDArray h =
            model.hidden(
                m.create(tokens, new Shape(b, t)),
                m.create(cache.positions(), new Shape(b, t)),
                cache);
        logits = model.logits(h).toFloatArray();
      }
      for (int r = 0; r < b; r++) {
        for (int x : step[r]) {
          seqs.get(r).add(x);
        }
        int[] all = seqs.get(r).stream().mapToInt(Integer::intValue).toArray();
        assertThat(cache.length(r)).isEqualTo(all.length);
        float[] ref = fullLogits(model, all, root);
        for (int i = 0; i < counts[r]; i++) {
          int pos = all.length - counts[r] + i;
          float max = 0;
          for (int k = 0; k < v; k++) {
            max = Math.max(max, Math.abs(logits[((r * t) + i) * v + k] - ref[pos * v + k]));
          }
          assertThat(max).as("row %d position %d", r, pos).isLessThan(TOL);
        }
      }
    }
  }

  private static int[][][] raggedSteps(long seed, int rows, int steps) {
    Random random = new Random(seed);
    int[][][] out = new int[steps][rows][];
    for (int s = 0; s < steps; s++) {
      boolean any = false;
      for (int r = 0; r < rows; r++) {
        int n = s == 0 ? 1 + random.nextInt(6) : random.nextInt(4) == 0 ? random.nextInt(4) : 1;
        out[s][r] = random.ints(n, 0, CONFIG.vocabSize()).toArray();
        any |= n > 0;
      }
      if (!any) {
        out[s][0] = new int[] {7};
      }
    }
    return out;
  }

  @Test
  void raggedCachedStepsEqualFullRecomputationWithin1e5() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 3, root)) {
      for (long seed = 1; seed <= 2; seed++) {
        int rows = 3;
        try (KvCache cache = KvCache.create(CONFIG, rows, 4, root)) { // small: forces growth
          List<List<Integer>> seqs = new ArrayList<>();
          for (int r = 0; r < rows; r++) {
            seqs.add(new ArrayList<>());
          }
          checkSteps(model, cache, seqs, raggedSteps(seed, rows, 8), root);
          // Drop the middle row; the others continue unchanged.
          cache.retainRows(new int[] {2, 0});
          List<List<Integer>> kept = new ArrayList<>(List.of(seqs.get(2), seqs.get(0)));
          checkSteps(model, cache, kept, raggedSteps(seed + 10, 2, 4), root);
        }
      }
    }
  }

  @Test
  void sharedPrefixAndLoadedRowsEqualFullRecomputationWithin1e5() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 4, root)) {
      Random random = new Random(5);
      int[] prefix = random.ints(6, 0, CONFIG.vocabSize()).toArray();
      int[] extra = random.ints(3, 0, CONFIG.vocabSize()).toArray();
      // Compute the prefix (and one row's extra tokens) in a cache of one row, copy them out.
      NDArray[][] prefixKv;
      NDArray[][] extraKv;
      try (KvCache one = KvCache.create(CONFIG, 1, 16, root);
          NDManager keep = root.newSubManager()) {
        List<List<Integer>> s = new ArrayList<>(List.of(new ArrayList<>()));
        checkSteps(model, one, s, new int[][][] {{prefix}}, root);
        prefixKv = one.copyRow(0, 0, keep);
        checkSteps(model, one, s, new int[][][] {{extra}}, root);
        extraKv = one.copyRow(0, prefix.length, keep);
        try (KvCache cache = KvCache.create(CONFIG, 2, 2, root)) {
          cache.setShared(prefixKv[0], prefixKv[1], prefix.length);
          try (NDManager tmp = root.newSubManager()) {
            cache.load(1, extraKv[0], extraKv[1], extra.length, tmp);
          }
          List<List<Integer>> seqs = new ArrayList<>();
          seqs.add(new ArrayList<>(toList(prefix)));
          List<Integer> second = new ArrayList<>(toList(prefix));
          second.addAll(toList(extra));
          seqs.add(second);
          checkSteps(model, cache, seqs, raggedSteps(9, 2, 6), root);
        }
      }
    }
  }

  @Test
  void noArraysLeakAfterSteps() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 3, root)) {
      int baseline = root.getManagedArrays().size();
      try (KvCache cache = KvCache.create(CONFIG, 2, 2, root)) {
        List<List<Integer>> seqs = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>()));
        checkSteps(model, cache, seqs, raggedSteps(3, 2, 3), root);
        int during = root.getManagedArrays().size();
        checkSteps(model, cache, seqs, raggedSteps(4, 2, 3), root);
        // Steps add nothing to the cache's manager once its buffers are large enough.
        assertThat(root.getManagedArrays().size()).isEqualTo(during);
      }
      assertThat(root.getManagedArrays().size()).isEqualTo(baseline);
    }
  }

  @Test
  void misuseIsReportedClearly() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 3, root);
        KvCache cache = KvCache.create(CONFIG, 2, 4, root);
        NDManager m = root.newSubManager()) {
      NDArray q = m.zeros(new Shape(2, 4, 1, 16));
      NDArray k = m.zeros(new Shape(2, 2, 1, 16));
      assertThatThrownBy(() -> cache.attend(0, q, k, k)).hasMessageContaining("beginStep");
      assertThatThrownBy(() -> cache.beginStep(m, new int[] {1}))
          .hasMessageContaining("1 entries")
          .hasMessageContaining("2 rows");
      assertThatThrownBy(() -> cache.beginStep(m, new int[] {0, 0}))
          .hasMessageContaining("at least one token");
      assertThatThrownBy(() -> cache.length(5)).hasMessageContaining("row 5 out of range");
      cache.beginStep(m, new int[] {1, 1});
      assertThatThrownBy(() -> cache.attend(1, q, k, k)).hasMessageContaining("expected layer 0");
    }
  }

  private static List<Integer> toList(int[] a) {
    List<Integer> l = new ArrayList<>();
    for (int x : a) {
      l.add(x);
    }
    return l;
  }
}
