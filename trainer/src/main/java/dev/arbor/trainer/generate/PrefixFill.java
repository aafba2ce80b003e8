package dev.arbor.trainer.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Serves fresh sequences from a {@link PrefixCache}, computing every uncached prefix token of a
 * batch exactly once.
 *
 * <p>Each fresh sequence (nothing cached yet) needs the KV of its prompt minus the last token (the
 * last token is fed with the batch: its logits start sampling). The distinct such prefixes, plus
 * the longest common prefix of each lexicographically adjacent pair of them (which covers every
 * prefix two of them share), are computed in waves, shortest first: a wave holds the prefixes that
 * have no other pending prefix as a proper prefix; each is looked up in the cache, its remainder
 * computed in one batch with the wave, and inserted. A later wave then finds its shared part
 * cached. So G samples of a prompt, and distinct prompts that share a system prompt, compute the
 * shared tokens once.
 */
final class PrefixFill {
  private PrefixFill() {}

  /** An int[] usable as a map key. */
  private record Key(int[] tokens) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(tokens, k.tokens);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(tokens);
    }
  }

  /**
   * Gives each fresh sequence of {@code rows} the cached KV of its prompt minus the last token.
   * {@code compute} brings the given holder sequences' KV up to their full length.
   */
  static void fill(PrefixCache cache, List<Sequence> rows, Consumer<List<Sequence>> compute) {
    Map<Sequence, Key> wanted = new LinkedHashMap<>();
    for (Sequence s : rows) {
      if (s.computed == 0 && s.chain.isEmpty() && s.size() >= 2) {
        wanted.put(s, new Key(s.tokens(0, s.size() - 1)));
      }
    }
    if (wanted.isEmpty()) {
      return;
    }
    Set<Key> pending = new LinkedHashSet<>(wanted.values());
    List<Key> sorted = new ArrayList<>(pending);
    sorted.sort((a, b) -> Arrays.compare(a.tokens, b.tokens));
    for (int i = 1; i < sorted.size(); i++) {
      int[] x = sorted.get(i - 1).tokens;
      int[] y = sorted.get(i).tokens;
      int l = Arrays.mismatch(x, y);
      if (l > 0) {
        pending.add(new Key(Arrays.copyOf(x, l)));
      }
    }
    Map<Key, Sequence> holders = new HashMap<>();
    try {
      while (!pending.isEmpty()) {
        List<Key> wave = new ArrayList<>();
        for (Key k : pending) {
          if (pending.stream().noneMatch(o -> o != k && isProperPrefix(o.tokens, k.tokens))) {
            wave.add(k);
          }
        }
        List<Sequence> missing = new ArrayList<>();
        for (Key k : wave) {
          Sequence h = new Sequence(-1, k.tokens, 0);
          PrefixCache.Match m = cache.match(k.tokens, k.tokens.length);
          h.resetChain(m.blocks(), m.length());
          holders.put(k, h);
          if (h.pending() > 0) {
            missing.add(h);
          }
        }
        if (!missing.isEmpty()) {
          compute.accept(missing);
          for (Sequence h : missing) {
            cache.insert(h.tokens(), h.size(), h.chain);
          }
        }
        pending.removeAll(wave);
      }
      for (Map.Entry<Sequence, Key> e : wanted.entrySet()) {
        Sequence h = holders.get(e.getValue());
        List<KvBlock> blocks = new ArrayList<>();
        for (KvBlock b : h.chain) {
          blocks.add(b.retain());
        }
        e.getKey().resetChain(blocks, h.computed);
      }
    } finally {
      for (Sequence h : holders.values()) {
        h.releaseChain();
      }
    }
  }

  private static boolean isProperPrefix(int[] a, int[] b) {
    return a.length < b.length && Arrays.equals(a, 0, a.length, b, 0, a.length);
  }
}
