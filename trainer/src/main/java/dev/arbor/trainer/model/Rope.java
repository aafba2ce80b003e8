package dev.arbor.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding driven by explicit position ids, in Hugging Face's non-interleaved
 * ("rotate half") convention: {@code x' = x cos(p w) + rotate_half(x) sin(p w)}, {@code w_i =
 * theta^(-2i/d)}. Position ids come from the tree (a token's depth), so every trajectory of a
 * packed tree sees the rotations it would see flat.
 *
 * <p>Queries and keys are rotated together, token-major ({@code [B, T, H + KV, d]}, as the joined
 * q/k projection leaves them), and the queries' attention scale 1/sqrt(d) is folded into their
 * tables: one rotation per layer instead of two, and no separate scaling pass.
 */
final class Rope {
  private final NDArray cos;
  private final NDArray sin;
  private final NDArray rotation;

  /**
   * Tables for the given positions.
   *
   * @param positions [B, T] position ids (any numeric type)
   * @param heads query heads H (scaled by 1/sqrt(d))
   * @param kvHeads key heads KV (not scaled)
   */
  Rope(NDArray positions, int headDim, double theta, int heads, int kvHeads) {
    NDManager m = positions.getManager();
    int half = headDim / 2;
    float[] inv = new float[half];
    for (int i = 0; i < half; i++) {
      // float32 as PyTorch computes it: 1 / theta^(2i/d)
      inv[i] = (float) (1.0 / Math.pow(theta, (2.0 * i) / headDim));
    }
    NDArray invFreq = m.create(inv); // [half]
    NDArray angles = positions.toType(DataType.FLOAT32, false).expandDims(-1).mul(invFreq);
    NDArray emb = NDArrays.concat(new NDList(angles, angles), -1).expandDims(2); // [B, T, 1, d]
    float[] scale = new float[heads + kvHeads];
    for (int h = 0; h < scale.length; h++) {
      scale[h] = h < heads ? (float) (1.0 / Math.sqrt(headDim)) : 1f;
    }
    NDArray perHead = m.create(scale, new Shape(heads + kvHeads, 1));
    cos = emb.cos().mul(perHead); // [B, T, H + KV, d]
    sin = emb.sin().mul(perHead);
    // rotate_half(x) = cat(-x[half:], x[:half]) as x @ R: one op instead of split, neg and concat.
    float[] r = new float[headDim * headDim];
    for (int j = 0; j < half; j++) {
      r[(j + half) * headDim + j] = -1f;
      r[j * headDim + j + half] = 1f;
    }
    rotation = m.create(r, new Shape(headDim, headDim));
  }

  /**
   * Rotates queries and keys {@code qk} [B, T, H + KV, d] (queries first); the queries come out
   * scaled by 1/sqrt(d).
   */
  NDArray apply(NDArray qk) {
    return qk.mul(cos).add(qk.matMul(rotation).mul(sin));
  }
}
