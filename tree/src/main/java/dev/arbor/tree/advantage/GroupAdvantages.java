package dev.arbor.tree.advantage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Group-relative advantages of a batch of trajectories: trajectories are grouped by {@code groupId}
 * and each group's rewards go through an {@link AdvantageEstimator}.
 *
 * <ul>
 *   <li>INFRA_FAILED trajectories get advantage 0 and are left out of their group's statistics
 *       (mean, std, leave-one-out baseline): an infrastructure failure says nothing about the
 *       policy and must not shift the baseline of the others. They are counted ({@link
 *       #infraFailedCount()}).
 *   <li>A group with one trainable member gets advantage 0 ({@link #singletonGroupCount()}).
 *   <li>A group whose trainable members all have the same reward gets advantage 0 ({@link
 *       #zeroVarianceGroupCount()}: the share of such groups is a standard GRPO health metric).
 * </ul>
 *
 * Groups are numbered in order of first appearance; inputs of one group need not be adjacent.
 * Immutable; array accessors return copies.
 */
public final class GroupAdvantages {
  private final double[] advantages;
  private final int[] group;
  private final List<String> groupIds;
  private final int[][] members;
  private final int infraFailed;
  private final int singletons;
  private final int zeroVariance;

  private GroupAdvantages(
      double[] advantages,
      int[] group,
      List<String> groupIds,
      int[][] members,
      int infraFailed,
      int singletons,
      int zeroVariance) {
    this.advantages = advantages;
    this.group = group;
    this.groupIds = groupIds;
    this.members = members;
    this.infraFailed = infraFailed;
    this.singletons = singletons;
    this.zeroVariance = zeroVariance;
  }

  /** Groups the inputs and computes one advantage per input, in input order. */
  public static GroupAdvantages compute(List<AdvantageInput> inputs, AdvantageEstimator estimator) {
    Objects.requireNonNull(estimator, "estimator");
    int k = inputs.size();
    Map<String, Integer> index = new LinkedHashMap<>();
    List<List<Integer>> trainable = new ArrayList<>();
    int[] group = new int[k];
    int infraFailed = 0;
    for (int i = 0; i < k; i++) {
      AdvantageInput in = inputs.get(i);
      Integer g = index.get(in.groupId());
      if (g == null) {
        g = index.size();
        index.put(in.groupId(), g);
        trainable.add(new ArrayList<>());
      }
      group[i] = g;
      if (in.status().trainable()) {
        trainable.get(g).add(i);
      } else {
        infraFailed++;
      }
    }
    double[] advantages = new double[k];
    int[][] members = new int[trainable.size()][];
    int singletons = 0;
    int zeroVariance = 0;
    for (int g = 0; g < members.length; g++) {
      members[g] = trainable.get(g).stream().mapToInt(Integer::intValue).toArray();
      int n = members[g].length;
      if (n == 1) {
        singletons++;
      }
      if (n < 2) {
        continue;
      }
      double[] rewards = new double[n];
      for (int m = 0; m < n; m++) {
        rewards[m] = inputs.get(members[g][m]).reward();
      }
      if (degenerate(rewards)) {
        zeroVariance++;
        continue;
      }
      double[] a = estimator.estimate(rewards);
      for (int m = 0; m < n; m++) {
        if (!Double.isFinite(a[m])) {
          throw new IllegalStateException(
              estimator.spec()
                  + " gave advantage "
                  + a[m]
                  + " to trajectory '"
                  + inputs.get(members[g][m]).id()
                  + "' of group '"
                  + inputs.get(members[g][m]).groupId()
                  + "'");
        }
        advantages[members[g][m]] = a[m];
      }
    }
    return new GroupAdvantages(
        advantages,
        group,
        List.copyOf(index.keySet()),
        members,
        infraFailed,
        singletons,
        zeroVariance);
  }

  /** Number of trajectories. */
  public int size() {
    return advantages.length;
  }

  /** Advantage {@code A_i} of trajectory {@code i}. */
  public double advantage(int i) {
    return advantages[i];
  }

  /** All advantages, in input order. */
  public double[] advantages() {
    return advantages.clone();
  }

  /** Index of trajectory {@code i}'s group (also for INFRA_FAILED trajectories). */
  public int group(int i) {
    return group[i];
  }

  /** Number of distinct group ids. */
  public int groupCount() {
    return members.length;
  }

  /** The id of group {@code g}. */
  public String groupId(int g) {
    return groupIds.get(g);
  }

  /** Input indices of group {@code g}'s trainable members, in input order. */
  public int[] members(int g) {
    return members[g].clone();
  }

  /** Number of INFRA_FAILED trajectories (advantage 0, excluded from the statistics). */
  public int infraFailedCount() {
    return infraFailed;
  }

  /** Number of groups with exactly one trainable member. */
  public int singletonGroupCount() {
    return singletons;
  }

  /** Number of groups with at least two trainable members, all with the same reward. */
  public int zeroVarianceGroupCount() {
    return zeroVariance;
  }

  /** Mean of the rewards. */
  static double mean(double[] r) {
    double sum = 0;
    for (double v : r) {
      sum += v;
    }
    return sum / r.length;
  }

  /** True if the rewards carry no signal: fewer than two, or all equal. */
  static boolean degenerate(double[] r) {
    for (int i = 1; i < r.length; i++) {
      if (r[i] != r[0]) {
        return false;
      }
    }
    return true;
  }
}
