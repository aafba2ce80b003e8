package dev.arbor.app.train;

import dev.arbor.tree.Role;
import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a set of agent episodes did, read off their trajectories: reward, solve rate (reward >= 1),
 * and the agentic behaviour the KAT reports track: model turns per solved episode and tool calls
 * per tool-calling turn. INFRA_FAILED episodes are counted apart and left out of the rates.
 * Thread-safe.
 */
final class EpisodeStats {
  private final int callToken;
  private long episodes;
  private long infraFailed;
  private long truncated;
  private long solved;
  private double rewardSum;
  private long solvedTurns;
  private long callTurns;
  private long calls;
  private long generatedTokens;

  /**
   * @param callToken the token id that opens a tool call
   */
  EpisodeStats(int callToken) {
    this.callToken = callToken;
  }

  synchronized void add(List<Trajectory> trajectories) {
    for (Trajectory t : trajectories) {
      if (t.status() == TrajectoryStatus.INFRA_FAILED) {
        infraFailed++;
        continue;
      }
      episodes++;
      truncated += t.status() == TrajectoryStatus.TRUNCATED ? 1 : 0;
      rewardSum += t.reward();
      int turns = 0;
      for (Segment s : t.segments()) {
        if (s.role() == Role.MODEL || s.role() == Role.TOOL_CALL) {
          generatedTokens += s.length();
        }
        if (s.role() == Role.TOOL_CALL) {
          turns++;
          int n = 0;
          for (int id : s.tokens()) {
            n += id == callToken ? 1 : 0;
          }
          if (n > 0) {
            callTurns++;
            calls += n;
          }
        }
      }
      if (t.reward() >= 1.0) {
        solved++;
        solvedTurns += Math.max(1, turns);
      }
    }
  }

  synchronized long episodes() {
    return episodes;
  }

  synchronized double solveRate() {
    return episodes == 0 ? Double.NaN : solved / (double) episodes;
  }

  synchronized long generatedTokens() {
    return generatedTokens;
  }

  /** The numbers, by their metrics.jsonl names. */
  synchronized Map<String, Double> values() {
    Map<String, Double> v = new LinkedHashMap<>();
    v.put("episodes", (double) episodes);
    v.put("reward", episodes == 0 ? Double.NaN : rewardSum / episodes);
    v.put("solve_rate", solveRate());
    v.put("solve_rate_ci95", halfWidth95(solveRate(), episodes));
    v.put("turns_per_solved", solved == 0 ? Double.NaN : solvedTurns / (double) solved);
    v.put("calls_per_turn", callTurns == 0 ? Double.NaN : calls / (double) callTurns);
    v.put("truncated", (double) truncated);
    v.put("infra_failed", (double) infraFailed);
    v.put("generated_tokens", (double) generatedTokens);
    return v;
  }

  /** Half width of the Wilson 95 % interval of a proportion p over n trials. */
  static double halfWidth95(double p, long n) {
    if (n == 0 || Double.isNaN(p)) {
      return Double.NaN;
    }
    double z = 1.96;
    double denom = 1 + z * z / n;
    return z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denom;
  }
}
