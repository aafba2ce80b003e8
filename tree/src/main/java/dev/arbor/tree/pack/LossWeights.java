package dev.arbor.tree.pack;

import dev.arbor.tree.Leaf;
import java.util.Arrays;

/**
 * Per-token loss weights that make the packed loss equal the flat one (DESIGN.md §4).
 *
 * <p>A token shared by several trajectories has one context, hence one importance ratio {@code
 * r_t}. The flat objective's terms for it therefore collapse to
 *
 * <pre>
 *   sum_i c_i l(r_t, A_i) = -W+_t min(r_t, 1+eps_hi) - W-_t max(r_t, 1-eps_lo)
 *   W+_t = sum over trajectories i through t with A_i >= 0 of c_i A_i
 *   W-_t = sum over trajectories i through t with A_i &lt;  0 of c_i A_i
 *   S_t  = sum over trajectories i through t of c_i        (KL, entropy and dual-clip terms)
 * </pre>
 *
 * Weights are zero on tokens that are not {@linkplain PackedTree#trainable(int) trainable}. With
 * one advantage per trajectory ({@link #of}) they are computed per node in O(nodes + tokens); with
 * advantages that vary per token ({@link #ofTokenAdvantages}, {@code A_i} replaced by {@code
 * A'_{i,t}} above) per (trajectory, token) pair in O(flat tokens).
 */
public final class LossWeights {
  private final double[] positive;
  private final double[] negative;
  private final double[] total;
  private final double[] coefficient;
  private final int[] trainableTokens;

  private LossWeights(
      double[] positive,
      double[] negative,
      double[] total,
      double[] coefficient,
      int[] trainableTokens) {
    this.positive = positive;
    this.negative = negative;
    this.total = total;
    this.coefficient = coefficient;
    this.trainableTokens = trainableTokens;
  }

  /**
   * Computes the weights of a packed tree from one advantage per trajectory. Each trajectory adds
   * its terms at its terminal node and the sums are pushed up to the root: O(nodes + tokens).
   *
   * @param advantages one advantage per trajectory, in leaf order; finite
   * @param normalization how to average ({@code c_i})
   */
  public static LossWeights of(PackedTree tree, double[] advantages, Normalization normalization) {
    int k = tree.trajectoryCount();
    if (advantages.length != k) {
      throw new IllegalArgumentException(
          "got " + advantages.length + " advantages for " + k + " trajectories");
    }
    for (int i = 0; i < k; i++) {
      if (!Double.isFinite(advantages[i])) {
        throw new IllegalArgumentException(
            "advantage of trajectory '" + tree.leaf(i).id() + "' is " + advantages[i]);
      }
    }
    int[] trainableTokens = trainableTokens(tree);
    double[] coefficient = coefficients(trainableTokens, normalization);
    int nodes = tree.nodeCount();
    double[] nodePos = new double[nodes];
    double[] nodeNeg = new double[nodes];
    double[] nodeTotal = new double[nodes];
    for (int i = 0; i < k; i++) {
      int n = tree.leaf(i).terminalNode();
      double w = coefficient[i] * advantages[i];
      if (advantages[i] >= 0) {
        nodePos[n] += w;
      } else {
        nodeNeg[n] += w;
      }
      nodeTotal[n] += coefficient[i];
    }
    // Children follow their parent in depth-first order, so one backward sweep sums subtrees.
    for (int n = nodes - 1; n >= 0; n--) {
      int p = tree.nodeParent(n);
      if (p >= 0) {
        nodePos[p] += nodePos[n];
        nodeNeg[p] += nodeNeg[n];
        nodeTotal[p] += nodeTotal[n];
      }
    }
    int t = tree.tokenCount();
    double[] positive = new double[t];
    double[] negative = new double[t];
    double[] total = new double[t];
    for (int n = 0; n < nodes; n++) {
      if (!tree.nodeRole(n).generated()) {
        continue;
      }
      int from = trainableFrom(tree, n);
      int to = tree.nodeStart(n) + tree.nodeLength(n);
      Arrays.fill(positive, from, to, nodePos[n]);
      Arrays.fill(negative, from, to, nodeNeg[n]);
      Arrays.fill(total, from, to, nodeTotal[n]);
    }
    return new LossWeights(positive, negative, total, coefficient, trainableTokens);
  }

  /**
   * Computes the weights of a packed tree from advantages that vary per token:
   *
   * <pre>
   *   W+_t = sum over trajectories i through t with A'_{i,t} >= 0 of c_i A'_{i,t}
   *   W-_t = sum over trajectories i through t with A'_{i,t} &lt;  0 of c_i A'_{i,t}
   *   S_t  = sum over trajectories i through t of c_i
   * </pre>
   *
   * A shared token may now fall into W+ for one trajectory and W- for another, so the sums cannot
   * be pushed up per node: every contributing trajectory walks its root path and visits each of its
   * trainable tokens once. The cost is O(sum over nodes of reach x length), the flat token count;
   * {@link #of} stays the O(nodes + tokens) path for per-trajectory advantages, and both agree when
   * {@code A'_{i,t} = A_i}.
   *
   * @param advantages {@code A'_{i,t}}; asked only where {@code c_i > 0}, must be finite there
   * @param normalization how to average ({@code c_i})
   */
  public static LossWeights ofTokenAdvantages(
      PackedTree tree, TokenAdvantages advantages, Normalization normalization) {
    int[] trainableTokens = trainableTokens(tree);
    double[] coefficient = coefficients(trainableTokens, normalization);
    int t = tree.tokenCount();
    double[] positive = new double[t];
    double[] negative = new double[t];
    double[] total = new double[t];
    for (int i = 0; i < coefficient.length; i++) {
      double c = coefficient[i];
      if (c == 0) {
        continue;
      }
      for (int n = tree.leaf(i).terminalNode(); n >= 0; n = tree.nodeParent(n)) {
        if (!tree.nodeRole(n).generated()) {
          continue;
        }
        int to = tree.nodeStart(n) + tree.nodeLength(n);
        for (int p = trainableFrom(tree, n); p < to; p++) {
          double a = advantages.at(i, p);
          if (!Double.isFinite(a)) {
            throw new IllegalArgumentException(
                "advantage of trajectory '" + tree.leaf(i).id() + "' at token " + p + " is " + a);
          }
          if (a >= 0) {
            positive[p] += c * a;
          } else {
            negative[p] += c * a;
          }
          total[p] += c;
        }
      }
    }
    return new LossWeights(positive, negative, total, coefficient, trainableTokens);
  }

  /** First trainable token of a generated node: the tree's very first token has no predecessor. */
  private static int trainableFrom(PackedTree tree, int n) {
    return tree.nodeStart(n) + (tree.nodeParent(n) < 0 ? 1 : 0);
  }

  /** Trainable tokens of each trajectory; 0 for trajectories excluded from training. */
  private static int[] trainableTokens(PackedTree tree) {
    int nodes = tree.nodeCount();
    // Trainable tokens on each node's root path.
    int[] pathTrainable = new int[nodes];
    for (int n = 0; n < nodes; n++) {
      int p = tree.nodeParent(n);
      int own = 0;
      if (tree.nodeRole(n).generated()) {
        own = tree.nodeLength(n) - (p < 0 ? 1 : 0);
      }
      pathTrainable[n] = (p < 0 ? 0 : pathTrainable[p]) + own;
    }
    int k = tree.trajectoryCount();
    int[] trainableTokens = new int[k];
    for (int i = 0; i < k; i++) {
      Leaf leaf = tree.leaf(i);
      if (leaf.status().trainable()) {
        trainableTokens[i] = pathTrainable[leaf.terminalNode()];
      }
    }
    return trainableTokens;
  }

  /** The coefficients {@code c_i} of {@link Normalization}. */
  private static double[] coefficients(int[] trainableTokens, Normalization normalization) {
    int k = trainableTokens.length;
    long tokenSum = 0;
    int sequences = 0;
    for (int i = 0; i < k; i++) {
      if (trainableTokens[i] > 0) {
        tokenSum += trainableTokens[i];
        sequences++;
      }
    }
    double[] coefficient = new double[k];
    double denominator = normalization.denominator();
    for (int i = 0; i < k; i++) {
      if (trainableTokens[i] == 0) {
        continue;
      }
      coefficient[i] =
          switch (normalization.mode()) {
            case TOKEN_MEAN -> 1.0 / (denominator > 0 ? denominator : tokenSum);
            case SEQUENCE_MEAN_TOKEN_MEAN ->
                1.0 / ((denominator > 0 ? denominator : sequences) * trainableTokens[i]);
          };
    }
    return coefficient;
  }

  /** W+ of token {@code t}. */
  public double positive(int t) {
    return positive[t];
  }

  /** W- of token {@code t} (zero or negative). */
  public double negative(int t) {
    return negative[t];
  }

  /** S of token {@code t}: the sum of {@code c_i} over trajectories through it. */
  public double total(int t) {
    return total[t];
  }

  /** The coefficient {@code c_i} of trajectory {@code i}. */
  public double coefficient(int i) {
    return coefficient[i];
  }

  /** Number of trainable tokens of trajectory {@code i} (0 for excluded trajectories). */
  public int trainableTokens(int i) {
    return trainableTokens[i];
  }

  /** W+ per token, as floats for a tensor. */
  public float[] positiveAsFloats() {
    return toFloats(positive);
  }

  /** W- per token, as floats for a tensor. */
  public float[] negativeAsFloats() {
    return toFloats(negative);
  }

  /** S per token, as floats for a tensor. */
  public float[] totalAsFloats() {
    return toFloats(total);
  }

  private static float[] toFloats(double[] a) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (float) a[i];
    }
    return out;
  }
}
