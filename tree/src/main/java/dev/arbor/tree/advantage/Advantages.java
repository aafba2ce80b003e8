package dev.arbor.tree.advantage;

import dev.arbor.tree.pack.LossWeights;
import dev.arbor.tree.pack.Normalization;
import dev.arbor.tree.pack.PackedTree;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The advantage pipeline the tree manager runs before it encodes a batch: group advantages ({@link
 * AdvantageEstimator}) followed by the per-trajectory stage of an {@link AdvantageScaler}.
 *
 * <pre>
 *   A_i  = estimator(rewards of i's group)_i        0 for INFRA_FAILED, singleton, zero-variance
 *   A'_i = A_i * s_i,  s = scaler.groupScales(H of the group's trainable members)
 * </pre>
 *
 * {@link #advantages()} are the {@code A'_i} to store with the trees (one per trajectory). When the
 * scaler also works per token ({@link #perToken()}), the trainer finishes the job with {@link
 * AdvantageScaler#lossWeights}; {@link #lossWeights} does the same here for one tree. A pure
 * function of its inputs: the same inputs give the same advantages.
 */
public final class Advantages {
  private final List<String> ids;
  private final GroupAdvantages groups;
  private final AdvantageScaler scaler;
  private final double[] scale;
  private final double[] advantages;

  private Advantages(
      List<String> ids,
      GroupAdvantages groups,
      AdvantageScaler scaler,
      double[] scale,
      double[] advantages) {
    this.ids = ids;
    this.groups = groups;
    this.scaler = scaler;
    this.scale = scale;
    this.advantages = advantages;
  }

  /**
   * Computes the advantages of a batch, in input order. Inputs may come from several trees (concat
   * {@link AdvantageInput#ofTree} lists); groups are formed by {@code groupId} across all of them.
   */
  public static Advantages compute(
      List<AdvantageInput> inputs, AdvantageEstimator estimator, AdvantageScaler scaler) {
    Objects.requireNonNull(scaler, "scaler");
    GroupAdvantages groups = GroupAdvantages.compute(inputs, estimator);
    int k = inputs.size();
    double[] scale = new double[k];
    Arrays.fill(scale, 1.0);
    double[] advantages = groups.advantages();
    for (int g = 0; g < groups.groupCount(); g++) {
      int[] members = groups.members(g);
      if (members.length < 2) {
        continue;
      }
      double[] h = new double[members.length];
      for (int m = 0; m < members.length; m++) {
        h[m] = inputs.get(members[m]).meanModelEntropy();
      }
      double[] s = scaler.groupScales(h);
      if (s.length != members.length) {
        throw new IllegalStateException(
            scaler.spec() + " gave " + s.length + " scales for " + members.length + " members");
      }
      for (int m = 0; m < members.length; m++) {
        if (!(s[m] > 0) || Double.isInfinite(s[m])) {
          throw new IllegalStateException(
              scaler.spec()
                  + " gave scale "
                  + s[m]
                  + " to trajectory '"
                  + inputs.get(members[m]).id()
                  + "' (must be finite and > 0)");
        }
        scale[members[m]] = s[m];
        advantages[members[m]] *= s[m];
      }
    }
    List<String> ids = inputs.stream().map(AdvantageInput::id).toList();
    return new Advantages(ids, groups, scaler, scale, advantages);
  }

  /** The advantages of one packed tree's trajectories, in leaf order. */
  public static Advantages compute(
      PackedTree tree, AdvantageEstimator estimator, AdvantageScaler scaler) {
    return compute(AdvantageInput.ofTree(tree), estimator, scaler);
  }

  /** Number of trajectories. */
  public int size() {
    return advantages.length;
  }

  /** {@code A'_i}: the advantage of trajectory {@code i} after the per-trajectory stage. */
  public double advantage(int i) {
    return advantages[i];
  }

  /** All {@code A'_i}, in input order: what the tree's record stores. */
  public double[] advantages() {
    return advantages.clone();
  }

  /** {@code A'_i} of the inputs {@code [from, to)}: one tree's share of a batch. */
  public double[] advantages(int from, int to) {
    return Arrays.copyOfRange(advantages, from, to);
  }

  /** {@code s_i}, the factor of the per-trajectory stage (1 where it does not apply). */
  public double scale(int i) {
    return scale[i];
  }

  /** The group advantages {@code A_i} before scaling, with the group counts. */
  public GroupAdvantages groups() {
    return groups;
  }

  public AdvantageScaler scaler() {
    return scaler;
  }

  /** True if the advantages still vary per token ({@link AdvantageScaler#perToken()}). */
  public boolean perToken() {
    return scaler.perToken();
  }

  /** {@code A'_{i,t}} of trajectory {@code i} at a token of rollout entropy {@code entropy}. */
  public double tokenAdvantage(int i, double entropy) {
    return scaler.tokenAdvantage(advantages[i], entropy);
  }

  /**
   * The exact loss weights of {@code tree} under these advantages. The advantages must have been
   * computed for exactly this tree's leaves, in leaf order (checked by id).
   */
  public LossWeights lossWeights(PackedTree tree, Normalization normalization) {
    if (tree.trajectoryCount() != ids.size()) {
      throw new IllegalArgumentException(
          "advantages cover "
              + ids.size()
              + " trajectories but the tree has "
              + tree.trajectoryCount());
    }
    for (int k = 0; k < ids.size(); k++) {
      if (!ids.get(k).equals(tree.leaf(k).id())) {
        throw new IllegalArgumentException(
            "advantage "
                + k
                + " belongs to trajectory '"
                + ids.get(k)
                + "' but leaf "
                + k
                + " of the tree is '"
                + tree.leaf(k).id()
                + "'");
      }
    }
    return scaler.lossWeights(tree, advantages, normalization);
  }
}
