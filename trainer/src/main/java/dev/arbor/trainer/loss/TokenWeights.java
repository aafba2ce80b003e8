package dev.arbor.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.arbor.tree.pack.FlatSequence;
import dev.arbor.tree.pack.LossWeights;

/**
 * Per-token loss weights as tensors (DESIGN.md §4): W+ and W- weigh the clipped surrogate of tokens
 * on trajectories with non-negative and negative advantage, S weighs the per-token terms that do
 * not depend on the advantage (KL, entropy). All three are zero on tokens that are not trained.
 *
 * @param positive W+ [T]
 * @param negative W- [T] (zero or negative)
 * @param total S [T]
 */
public record TokenWeights(NDArray positive, NDArray negative, NDArray total) {

  /** The packed weights of a tree. */
  public static TokenWeights of(LossWeights w, NDManager m) {
    return new TokenWeights(
        m.create(w.positiveAsFloats()),
        m.create(w.negativeAsFloats()),
        m.create(w.totalAsFloats()));
  }

  /**
   * The weights of one trajectory trained on its own: every trainable token gets {@code c * A} (in
   * W+ or W-) and {@code c} in S. Summing the flat losses of all trajectories gives the flat
   * objective the packed one must equal.
   */
  public static TokenWeights flat(
      FlatSequence seq, double coefficient, double advantage, NDManager m) {
    int n = seq.length();
    float[] pos = new float[n];
    float[] neg = new float[n];
    float[] tot = new float[n];
    for (int i = 0; i < n; i++) {
      if (seq.trainable()[i]) {
        double w = coefficient * advantage;
        if (advantage >= 0) {
          pos[i] = (float) w;
        } else {
          neg[i] = (float) w;
        }
        tot[i] = (float) coefficient;
      }
    }
    return new TokenWeights(m.create(pos), m.create(neg), m.create(tot));
  }
}
