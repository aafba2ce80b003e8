package dev.arbor.trainer.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws one token from a row of logits and scores it, in double precision on the JVM.
 *
 * <pre>
 *   raw      log p(x) = l_x - logsumexp(l)                    (policy, temperature 1)
 *   entropy  H = -sum_x p(x) log p(x)                          (policy, temperature 1)
 *   sampling q(x) = softmax(l / T)_x restricted to the top-p nucleus N, renormalised:
 *            q(x) = softmax(l / T)_x / sum_{y in N} softmax(l / T)_y for x in N, 0 elsewhere
 * </pre>
 *
 * The nucleus N is the smallest set of most probable tokens (ties: lower id first) whose mass under
 * softmax(l / T) reaches top-p. The draw is inverse-CDF with one {@code nextDouble()} of the
 * sequence's own generator, so a sequence's tokens depend on its seed only. Greedy (T = 0) takes
 * the argmax (lowest id on ties), draws nothing, and scores log q = 0.
 */
public final class Sampler {
  private Sampler() {}

  /** A drawn token: id, log q (sampling), log p (policy), entropy of p. */
  public record Sample(int token, float logprob, float rawLogprob, float entropy) {}

  /** Samples from {@code logits[offset, offset + vocab)}. */
  public static Sample sample(
      float[] logits, int offset, int vocab, SamplingParams params, SplittableRandom rng) {
    double max = Double.NEGATIVE_INFINITY;
    int argmax = 0;
    for (int i = 0; i < vocab; i++) {
      if (logits[offset + i] > max) {
        max = logits[offset + i];
        argmax = i;
      }
    }
    double z = 0;
    for (int i = 0; i < vocab; i++) {
      z += Math.exp(logits[offset + i] - max);
    }
    double logZ = max + Math.log(z);
    double entropy = 0;
    for (int i = 0; i < vocab; i++) {
      double lp = logits[offset + i] - logZ;
      entropy -= Math.exp(lp) * lp;
    }
    if (params.greedy()) {
      return new Sample(argmax, 0f, (float) (logits[offset + argmax] - logZ), (float) entropy);
    }
    double t = params.temperature();
    double[] q = new double[vocab];
    double zt = 0;
    for (int i = 0; i < vocab; i++) {
      q[i] = Math.exp((logits[offset + i] - max) / t);
      zt += q[i];
    }
    for (int i = 0; i < vocab; i++) {
      q[i] /= zt;
    }
    int token;
    double mass;
    if (params.topP() < 1) {
      int[] order = byProbability(q);
      int n = 0;
      mass = 0;
      while (n < vocab && (n == 0 || mass < params.topP())) {
        mass += q[order[n++]];
      }
      double u = rng.nextDouble() * mass;
      double c = 0;
      token = order[n - 1];
      for (int k = 0; k < n; k++) {
        c += q[order[k]];
        if (u < c) {
          token = order[k];
          break;
        }
      }
    } else {
      mass = 1;
      double u = rng.nextDouble();
      double c = 0;
      token = vocab - 1;
      for (int i = 0; i < vocab; i++) {
        c += q[i];
        if (u < c) {
          token = i;
          break;
        }
      }
      // Rounding can leave c slightly below 1: fall back to the last token with mass.
      while (q[token] == 0 && token > 0) {
        token--;
      }
    }
    float logq = (float) (Math.log(q[token]) - Math.log(mass));
    return new Sample(token, logq, (float) (logits[offset + token] - logZ), (float) entropy);
  }

  /** Token ids by descending probability, lower id first among equals. */
  private static int[] byProbability(double[] q) {
    long[] keys = new long[q.length];
    for (int i = 0; i < q.length; i++) {
      // Positive floats order like their bits; the low word orders equal floats by id.
      keys[i] = ((long) Float.floatToIntBits((float) q[i]) << 32) | (Integer.MAX_VALUE - i);
    }
    Arrays.sort(keys);
    int[] order = new int[q.length];
    for (int k = 0; k < q.length; k++) {
      order[k] = Integer.MAX_VALUE - (int) keys[q.length - 1 - k];
    }
    return order;
  }
}
