package dev.arbor.trainer.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.List;

/**
 * The cached keys and values of a run of consecutive tokens, for every layer: keys transposed [1,
 * KV, d, n], values [1, KV, n, d]. Immutable and reference-counted: a sequence's KV is a chain of
 * blocks, and sequences that share a prefix (forks, G samples of one prompt, prefix-cache hits)
 * hold the same block objects. The block's arrays live on its own manager, closed when the last
 * reference is released.
 */
final class KvBlock {
  private final NDManager manager;
  private final NDArray[] keysT;
  private final NDArray[] values;
  private final int length;
  private int refs = 1;

  private KvBlock(NDManager manager, NDArray[] keysT, NDArray[] values, int length) {
    this.manager = manager;
    this.keysT = keysT;
    this.values = values;
    this.length = length;
  }

  /** A block over the given arrays, which it takes over (one reference, held by the caller). */
  static KvBlock of(NDManager parent, NDArray[] keysT, NDArray[] values) {
    NDManager m = parent.newSubManager();
    for (int l = 0; l < keysT.length; l++) {
      keysT[l].attach(m);
      values[l].attach(m);
    }
    return new KvBlock(m, keysT, values, (int) values[0].getShape().get(2));
  }

  /** Number of tokens. */
  int length() {
    return length;
  }

  NDArray[] keysT() {
    requireLive();
    return keysT;
  }

  NDArray[] values() {
    requireLive();
    return values;
  }

  /** Adds a reference; returns this. */
  KvBlock retain() {
    requireLive();
    refs++;
    return this;
  }

  /** Drops a reference; the last one frees the arrays. */
  void release() {
    requireLive();
    if (--refs == 0) {
      manager.close();
    }
  }

  boolean live() {
    return refs > 0;
  }

  /** A new block (one reference) holding a copy of tokens [from, to) of this one. */
  KvBlock slice(int from, int to, NDManager parent) {
    requireLive();
    if (from < 0 || to > length || from >= to) {
      throw new IllegalArgumentException(
          "slice [" + from + ", " + to + ") of a block of " + length + " tokens");
    }
    NDManager m = parent.newSubManager();
    NDArray[] k = new NDArray[keysT.length];
    NDArray[] v = new NDArray[values.length];
    for (int l = 0; l < keysT.length; l++) {
      k[l] = copy(keysT[l].get(m, new NDIndex("..., {}:{}", from, to)));
      v[l] = copy(values[l].get(m, new NDIndex("..., {}:{}, :", from, to)));
    }
    return new KvBlock(m, k, v, to - from);
  }

  /** A new block (one reference) holding a copy of tokens [from, to) of a chain of blocks. */
  static KvBlock concat(List<KvBlock> chain, int from, int to, NDManager parent) {
    if (from < 0 || from >= to) {
      throw new IllegalArgumentException("empty or negative range [" + from + ", " + to + ")");
    }
    int layers = chain.get(0).keysT.length;
    NDManager m = parent.newSubManager();
    NDArray[] k = new NDArray[layers];
    NDArray[] v = new NDArray[layers];
    try (NDManager tmp = m.newSubManager()) {
      for (int l = 0; l < layers; l++) {
        NDList ks = new NDList();
        NDList vs = new NDList();
        int offset = 0;
        for (KvBlock b : chain) {
          int s = Math.max(from, offset) - offset;
          int e = Math.min(to, offset + b.length) - offset;
          if (s < e) {
            ks.add(b.keysT()[l].get(tmp, new NDIndex("..., {}:{}", s, e)));
            vs.add(b.values()[l].get(tmp, new NDIndex("..., {}:{}, :", s, e)));
          }
          offset += b.length;
        }
        if (offset < to) {
          m.close();
          throw new IllegalArgumentException(
              "range [" + from + ", " + to + ") beyond a chain of " + offset + " tokens");
        }
        k[l] = NDArrays.concat(ks, 3);
        v[l] = NDArrays.concat(vs, 2);
        k[l].attach(m);
        v[l].attach(m);
      }
    }
    return new KvBlock(m, k, v, to - from);
  }

  private static NDArray copy(NDArray view) {
    NDArray c = view.duplicate();
    view.close();
    return c;
  }

  private void requireLive() {
    if (refs <= 0) {
      throw new IllegalStateException("KV block used after its last reference was released");
    }
  }
}
