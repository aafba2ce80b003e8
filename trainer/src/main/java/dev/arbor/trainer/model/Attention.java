package dev.arbor.trainer.model;

import ai.djl.ndarray.NDArray;

/**
 * Which keys each query may see, and the attention computation that honours it. Implementations:
 * {@link DenseAttention} (a [B, 1, T, T] boolean mask: causal, padded batches, or a packed tree's
 * ancestor mask, the reference) and {@link SegmentAttention} (a packed tree's ancestor spans, never
 * building a T x T matrix).
 */
public interface Attention {

  /**
   * Scaled dot-product attention of one layer.
   *
   * @param layer the decoder layer (0-based), for implementations that keep per-layer state such as
   *     a key/value cache
   * @param q queries [B, H, T, d] (rotated)
   * @param k keys [B, KV, T, d] (rotated; KV divides H: grouped-query attention, see {@link
   *     #repeatKv})
   * @param v values [B, KV, T, d]
   * @return [B, H, T, d]
   */
  NDArray attend(int layer, NDArray q, NDArray k, NDArray v);

  /**
   * Repeats each of the KV key/value heads for the H / KV query heads that share it (head h uses
   * key/value head h / (H / KV), as Hugging Face's {@code repeat_kv}).
   */
  static NDArray repeatKv(NDArray kv, long queryHeads) {
    long groups = queryHeads / kv.getShape().get(1);
    return groups == 1 ? kv : kv.repeat(1, groups);
  }
}
