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
   * Scaled dot-product attention.
   *
   * @param q queries [B, H, T, d] (rotated)
   * @param k keys [B, H, T, d] (rotated, already repeated for grouped-query attention)
   * @param v values [B, H, T, d]
   * @return [B, H, T, d]
   */
  NDArray attend(NDArray q, NDArray k, NDArray v);
}
