package dev.arbor.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.arbor.tree.pack.AttentionLayout;
import dev.arbor.tree.pack.PackedTree;

/**
 * Attention under an explicit mask [B, 1, T, T], held as an additive bias (0 where a query may
 * attend, -inf elsewhere). Memory and time grow with T^2; the reference against which {@link
 * SegmentAttention} is tested.
 */
public final class DenseAttention implements Attention {
  private final NDArray bias;

  private DenseAttention(NDArray bias) {
    this.bias = bias;
  }

  /** Attention under a row-major boolean mask of shape [B, 1, T, T] (true = may attend). */
  public static DenseAttention of(NDManager m, boolean[] allowed, Shape shape) {
    return new DenseAttention(m.create(toBias(allowed), shape));
  }

  /** 0 where allowed, -inf elsewhere. */
  static float[] toBias(boolean[] allowed) {
    float[] bias = new float[allowed.length];
    for (int i = 0; i < allowed.length; i++) {
      bias[i] = allowed[i] ? 0f : Float.NEGATIVE_INFINITY;
    }
    return bias;
  }

  /** Causal attention for a batch of sequences of lengths {@code lengths}, padded to {@code t}. */
  public static DenseAttention causal(NDManager m, int[] lengths, int t) {
    boolean[] allowed = new boolean[lengths.length * t * t];
    for (int b = 0; b < lengths.length; b++) {
      for (int i = 0; i < t; i++) {
        for (int j = 0; j <= i; j++) {
          // Padding rows see only themselves, so softmax stays finite; their outputs are unused.
          allowed[(b * t + i) * t + j] = i < lengths[b] ? j < lengths[b] : j == i;
        }
      }
    }
    return of(m, allowed, new Shape(lengths.length, 1, t, t));
  }

  /** The ancestor mask of a packed tree (batch of one). */
  public static DenseAttention packed(NDManager m, PackedTree tree) {
    int t = tree.tokenCount();
    return of(m, AttentionLayout.denseMask(tree), new Shape(1, 1, t, t));
  }

  @Override
  public NDArray attend(int layer, NDArray q, NDArray kv, NDArray vv) {
    return Attention.groupedSoftmax(q, kv, vv, bias);
  }
}
