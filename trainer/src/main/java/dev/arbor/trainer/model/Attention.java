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
   * @param q queries [B, H, T, d] (rotated, and scaled by 1/sqrt(d))
   * @param k keys [B, KV, T, d] (rotated; KV divides H: grouped-query attention, see {@link
   *     #groupedSoftmax})
   * @param v values [B, KV, T, d]
   * @return [B, H, T, d]
   */
  NDArray attend(int layer, NDArray q, NDArray k, NDArray v);

  /**
   * Softmax attention of queries {@code q} [B, H, T, d] over keys {@code k} and values {@code v}
   * [B, KV, S, d] under an additive {@code bias} broadcastable to [B, 1, T, S] (null: none); the
   * queries come scaled by 1/sqrt(d) (see {@link Rope}). Grouped-query attention without copying
   * keys per query head: head h = kv * (H/KV) + j uses key/value head kv (as Hugging Face's {@code
   * repeat_kv}), so the H/KV query heads of one key/value head are stacked into one [H/KV * T, d]
   * matrix and multiplied once.
   *
   * @return [B, H, T, d]
   */
  static NDArray groupedSoftmax(NDArray q, NDArray k, NDArray v, NDArray bias) {
    long b = q.getShape().get(0);
    long heads = q.getShape().get(1);
    long t = q.getShape().get(2);
    long d = q.getShape().get(3);
    long kvHeads = k.getShape().get(1);
    long keys = k.getShape().get(2);
    long groups = heads / kvHeads;
    NDArray scores = q.reshape(b, kvHeads, groups * t, d).matMul(k.swapAxes(2, 3));
    if (bias != null) {
      scores = scores.reshape(b, kvHeads, groups, t, keys).add(bias.expandDims(2));
    }
    return scores
        .softmax(-1)
        .reshape(b, kvHeads, groups * t, keys)
        .matMul(v)
        .reshape(b, heads, t, d);
  }
}
