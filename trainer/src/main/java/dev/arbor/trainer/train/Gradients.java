package dev.arbor.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gradient bookkeeping on raw parameter arrays. DJL's PyTorch engine accumulates gradients across
 * backward passes (as PyTorch does), so accumulation over several trees is simply several backward
 * calls; zeroing is explicit.
 */
public final class Gradients {
  private Gradients() {}

  /**
   * Sets every parameter's gradient to zero in place (outside any gradient collector): one native
   * call per parameter, where {@code muli(0)} made a scalar array per parameter and kept a NaN.
   */
  public static void zero(Map<String, NDArray> params) {
    for (NDArray p : params.values()) {
      JniUtils.zeroGrad((PtNDArray) p);
    }
  }

  /** Multiplies every gradient by {@code factor} in place (gradient clipping). */
  public static void scale(Map<String, NDArray> params, double factor) {
    for (NDArray p : params.values()) {
      NDArray g = p.getGradient();
      g.muli(factor);
      g.close();
    }
  }

  /** A copy of every parameter's gradient, by name, as Java arrays. */
  public static Map<String, float[]> copy(Map<String, NDArray> params) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> e : params.entrySet()) {
      try (NDArray g = e.getValue().getGradient()) {
        out.put(e.getKey(), g.toFloatArray());
      }
    }
    return out;
  }

  /** The global L2 norm of all gradients. */
  public static double globalNorm(Map<String, NDArray> params) {
    double sum = 0;
    for (NDArray p : params.values()) {
      try (NDArray g = p.getGradient();
          NDArray sq = g.square();
          NDArray s = sq.sum()) {
        sum += s.getFloat();
      }
    }
    return Math.sqrt(sum);
  }
}
