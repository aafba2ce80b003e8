package dev.arbor.trainer.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.model.Qwen2Model;
import java.util.ArrayList;
import java.util.List;

/**
 * One batch of sequences decoded together: a {@link KvCache} filled from the sequences' KV chains,
 * forward steps over ragged inputs, and the write-back of each row's newly computed KV as a new
 * block of its chain.
 *
 * <p>The leading blocks that every row's chain holds (the same objects: a prompt shared by G forks,
 * a prefix-cache hit) can become the cache's shared prefix, referenced once (concatenated once for
 * the batch when there are several). Attending to a shared prefix takes a second score matmul, a
 * concat and a split per layer: on a CPU with a small model, where decoding is bound by per-op
 * overhead, that made a decoding step ~25 % slower (6.0-6.8 vs 4.9-5.4 ms CPU, `small`, G = 8, 256
 * shared tokens). So the shared blocks are copied into every row unless the copies would exceed a
 * byte threshold (G large, long prompts, a large model: where memory matters more than per-op
 * overhead). The rest of each chain is always copied into the row's own columns; copying is cheap
 * next to recomputing.
 */
final class DecodeBatch implements AutoCloseable {
  private final Qwen2Model model;
  private final NDManager parent;
  private final NDManager blockParent;
  private final KvCache cache;
  private final List<Sequence> rows;
  private final int base;
  private final KvBlock ownedShared;
  private final int vocab;
  private final Qwen2Model.Joined joined;

  private DecodeBatch(
      Qwen2Model model,
      NDManager parent,
      NDManager blockParent,
      KvCache cache,
      List<Sequence> rows,
      int base,
      KvBlock ownedShared) {
    this.model = model;
    this.parent = parent;
    this.blockParent = blockParent;
    this.cache = cache;
    this.rows = new ArrayList<>(rows);
    this.base = base;
    this.ownedShared = ownedShared;
    this.vocab = model.config().vocabSize();
    // Weights do not change while a batch decodes: join the projections once, not every step.
    this.joined = model.joined(parent);
  }

  /**
   * A batch over {@code rows}, with room for {@code extraColumns} columns of new tokens beyond the
   * loaded KV. The blocks all rows share are attended to once as a shared prefix unless copying
   * them into every row takes less than {@code copySharedBelowBytes}.
   */
  static DecodeBatch of(
      Qwen2Model model,
      List<Sequence> rows,
      int extraColumns,
      long copySharedBelowBytes,
      NDManager parent,
      NDManager blockParent) {
    int shared = sharedBlocks(rows);
    int sharedLength = length(rows.get(0).chain.subList(0, shared));
    Qwen2Config c = model.config();
    long tokenBytes = 2L * c.numHiddenLayers() * c.numKeyValueHeads() * c.headDim() * Float.BYTES;
    if ((rows.size() - 1) * sharedLength * tokenBytes < copySharedBelowBytes) {
      shared = 0; // copies are cheap: one attention pass over own columns is faster
      sharedLength = 0;
    }
    List<KvBlock> head = rows.get(0).chain.subList(0, shared);
    int own = 0;
    for (Sequence s : rows) {
      own = Math.max(own, s.computed - sharedLength);
    }
    KvBlock owned = shared > 1 ? KvBlock.concat(head, 0, sharedLength, blockParent) : null;
    KvCache cache = KvCache.create(model.config(), rows.size(), own + extraColumns, parent);
    try (NDManager tmp = parent.newSubManager()) {
      KvBlock s = owned != null ? owned : shared == 1 ? head.get(0) : null;
      if (s != null) {
        cache.setShared(s.keysT(), s.values(), sharedLength);
      }
      for (int r = 0; r < rows.size(); r++) {
        List<KvBlock> chain = rows.get(r).chain;
        for (int i = shared; i < chain.size(); i++) {
          KvBlock b = chain.get(i);
          cache.load(r, b.keysT(), b.values(), b.length(), tmp);
        }
      }
    } catch (RuntimeException e) {
      cache.close();
      if (owned != null) {
        owned.release();
      }
      throw e;
    }
    return new DecodeBatch(model, parent, blockParent, cache, rows, own, owned);
  }

  private static int length(List<KvBlock> blocks) {
    int n = 0;
    for (KvBlock b : blocks) {
      n += b.length();
    }
    return n;
  }

  /** Number of leading chain blocks that are the same objects in every row. */
  private static int sharedBlocks(List<Sequence> rows) {
    int n = rows.get(0).chain.size();
    for (Sequence s : rows) {
      int k = 0;
      while (k < n && k < s.chain.size() && s.chain.get(k) == rows.get(0).chain.get(k)) {
        k++;
      }
      n = k;
    }
    return n;
  }

  List<Sequence> rows() {
    return rows;
  }

  /**
   * One forward step: row r feeds {@code inputs[r]} (possibly empty). Returns the logits [B *
   * vocab] at each row's last fed token when {@code logits} is set (rows that fed nothing:
   * garbage), else null.
   */
  float[] step(int[][] inputs, boolean logits) {
    int b = rows.size();
    int[] counts = new int[b];
    int t = 0;
    for (int r = 0; r < b; r++) {
      counts[r] = inputs[r].length;
      t = Math.max(t, counts[r]);
    }
    int[] tokens = new int[b * t];
    for (int r = 0; r < b; r++) {
      System.arraycopy(inputs[r], 0, tokens, r * t, counts[r]);
    }
    try (NDManager m = parent.newSubManager()) {
      cache.beginStep(m, counts);
      NDArray hidden =
          model.hidden(
              m.create(tokens, new Shape(b, t)),
              m.create(cache.positions(), new Shape(b, t)),
              cache,
              joined);
      if (!logits) {
        return null;
      }
      long[] last = new long[b];
      for (int r = 0; r < b; r++) {
        last[r] = (long) r * t + Math.max(counts[r] - 1, 0);
      }
      NDArray h = hidden.reshape(b * (long) t, -1).get(m.create(last));
      float[] out = model.logits(h).toFloatArray();
      if (out.length != b * vocab) {
        throw new IllegalStateException("logits of " + out.length + " values for " + b + " rows");
      }
      return out;
    }
  }

  /** Appends row {@code r}'s newly computed KV to its sequence's chain. */
  void writeBack(int r) {
    try (NDManager tmp = parent.newSubManager()) {
      NDArray[][] kv = cache.copyRow(r, base, tmp);
      if (kv != null) {
        rows.get(r).extend(KvBlock.of(blockParent, kv[0], kv[1]));
      }
    }
  }

  /** Keeps the given rows (indices into {@link #rows()}), in order. */
  void retainRows(int[] keep) {
    cache.retainRows(keep);
    List<Sequence> kept = new ArrayList<>(keep.length);
    for (int k : keep) {
      kept.add(rows.get(k));
    }
    rows.clear();
    rows.addAll(kept);
  }

  @Override
  public void close() {
    joined.close();
    cache.close();
    if (ownedShared != null) {
      ownedShared.release();
    }
  }
}
