package dev.arbor.tasks.teacher;

import dev.arbor.proto.v1.ToolCall;
import java.util.List;

/**
 * Early termination of rollouts that stray from the teacher (RFT, DESIGN.md §7; as in the KAT-Coder
 * report). Pure: the rollout loop calls {@link #assess} after each turn with the actions so far and
 * stops the episode (status TRUNCATED) on {@link Decision#STOP}. Off by default.
 *
 * <p>Actions are compared by {@link ActionKey}. With a = the rollout's k actions so far and t the
 * teacher's, the deviation is the edit distance of a to the closest prefix of t, per action:
 *
 * <pre>
 *   deviation(a, t) = min_j  editDistance(a, t[0..j)) / k        (0 when k = 0)
 * </pre>
 *
 * 0 means the rollout so far is exactly a prefix of the teacher's path; each action that is extra,
 * missing or different adds 1/k. A prefix is compared with a prefix, so a rollout is not penalised
 * for not having finished yet. The decision is STOP when the monitor is on, {@code k >= minActions}
 * (early actions are too few to judge) and {@code deviation > threshold}.
 *
 * @param enabled whether the monitor may stop rollouts at all
 * @param threshold largest tolerated deviation, in [0, 1]
 * @param minActions fewest actions before the monitor judges, >= 1
 */
public record DeviationMonitor(boolean enabled, double threshold, int minActions) {
  /** Threshold when turned on without one. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  /** Fewest actions judged, when not given. */
  public static final int DEFAULT_MIN_ACTIONS = 2;

  public DeviationMonitor {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
    }
    if (minActions < 1) {
      throw new IllegalArgumentException("minActions must be >= 1, got " + minActions);
    }
  }

  /** The default: never stops a rollout. */
  public static DeviationMonitor off() {
    return new DeviationMonitor(false, DEFAULT_THRESHOLD, DEFAULT_MIN_ACTIONS);
  }

  /** On, stopping rollouts whose deviation exceeds {@code threshold}. */
  public static DeviationMonitor stopAbove(double threshold) {
    return new DeviationMonitor(true, threshold, DEFAULT_MIN_ACTIONS);
  }

  /** The same monitor judging only from {@code n} actions on. */
  public DeviationMonitor optMinActions(int n) {
    return new DeviationMonitor(enabled, threshold, n);
  }

  /** Go on, or stop the rollout. */
  public enum Decision {
    CONTINUE,
    STOP
  }

  /**
   * The monitor's view of a rollout prefix.
   *
   * @param decision what to do
   * @param deviation the deviation, in [0, 1]
   * @param editDistance the edit distance to the closest teacher prefix
   * @param actions k, the rollout's actions so far
   * @param reason one line for logs
   */
  public record Assessment(
      Decision decision, double deviation, int editDistance, int actions, String reason) {}

  /** Judges the rollout's tool calls so far against the teacher's. */
  public Assessment assess(List<ToolCall> rollout, TeacherTrajectory teacher) {
    return assessKeys(
        rollout.stream().map(ActionKey::of).toList(),
        teacher.toolCalls().stream().map(ActionKey::of).toList());
  }

  /** Judges action keys (see {@link ActionKey}). */
  public Assessment assessKeys(List<String> rollout, List<String> teacher) {
    int k = rollout.size();
    int d = prefixEditDistance(rollout, teacher);
    double deviation = k == 0 ? 0 : (double) d / k;
    boolean stop = enabled && k >= minActions && deviation > threshold;
    String reason =
        String.format(
            "deviation %.3f (%d of %d actions off the teacher's path) %s threshold %.3f%s",
            deviation,
            d,
            k,
            deviation > threshold ? ">" : "<=",
            threshold,
            enabled ? (k < minActions ? ", too few actions to judge" : "") : ", monitor off");
    return new Assessment(stop ? Decision.STOP : Decision.CONTINUE, deviation, d, k, reason);
  }

  /** min over j of the Levenshtein distance between {@code a} and {@code b[0..j)}. */
  static int prefixEditDistance(List<String> a, List<String> b) {
    int[] prev = new int[b.size() + 1];
    int[] cur = new int[b.size() + 1];
    for (int j = 0; j <= b.size(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.size(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.size(); j++) {
        int sub = prev[j - 1] + (a.get(i - 1).equals(b.get(j - 1)) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    int best = Integer.MAX_VALUE;
    for (int v : prev) {
      best = Math.min(best, v);
    }
    return best;
  }
}
