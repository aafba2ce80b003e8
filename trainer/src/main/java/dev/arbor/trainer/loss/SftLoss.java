package dev.arbor.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Supervised fine-tuning on teacher episodes: the token-mean negative log-likelihood of the
 * trainable (MODEL and TOOL_CALL) tokens, on the packed tree of many episodes.
 *
 * <pre>
 *   L = - sum_t S_t logp_t,     S_t = sum over trajectories i through t of c_i
 * </pre>
 *
 * With token-mean normalisation {@code c_i = 1 / (trainable tokens over all trajectories)}, this is
 * exactly the flat objective {@code -(1/N) sum_i sum_{t in i} logp_t}: a token shared by several
 * episodes (the long common system prompt is not trained, but shared turns are) has one context and
 * one log-prob, so its flat terms collapse into one with weight {@code S_t}. Advantages play no
 * part; the trainer's step is given advantage 1 for every episode.
 */
public final class SftLoss implements TreeLoss {

  @Override
  public LossOutput compute(
      NDArray logp, NDArray oldLogp, NDArray refLogp, NDArray entropy, TokenWeights w) {
    NDArray loss = w.total().mul(logp).sum().neg();
    NDArray trained = w.total().gt(0).toType(DataType.FLOAT32, false);
    long count = (long) trained.sum().getFloat();
    return new LossOutput(loss, new LossOutput.Stats(0, 1, 0, count));
  }

  @Override
  public boolean usesReference() {
    return false;
  }

  @Override
  public boolean usesOldLogprobs() {
    return false;
  }
}
