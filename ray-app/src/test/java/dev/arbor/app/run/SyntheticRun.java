package dev.arbor.app.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Synthetic run data for the tests of the run folder, plots and status page. */
public final class SyntheticRun {
  private SyntheticRun() {}

  public static final String CONFIG = "name: demo\nrl:\n  steps: 200\n";

  /** An RL event whose numbers move smoothly with the step. */
  public static MetricEvent rl(long step) {
    Map<String, Double> v = new LinkedHashMap<>();
    v.put("reward", 0.1 + 0.8 * step / (step + 20.0));
    v.put("solve_rate", 0.5 * step / (step + 10.0));
    v.put("mean_entropy", 1.5 / (1 + step / 50.0));
    v.put("loss", 1.0 / (1 + step));
    v.put("mean_kl", 0.001 * step);
    v.put("busy_fraction", 0.9);
    v.put("tokens_per_second", 3100.0);
    return new MetricEvent(1.7e9 + step, "rl", step, v);
  }

  public static List<ActorInfo> actors() {
    return List.of(
        new ActorInfo("policy-0", "policy", Map.of("CPU", 1.0, "policy", 1.0), "n1", "ALIVE", 0),
        new ActorInfo("sandbox-0", "sandbox", Map.of("sandbox", 1.0), "n1", "ALIVE", 1),
        new ActorInfo("trainer", "trainer", Map.of("trainer", 1.0), "n2", "RESTARTING", 2));
  }

  public static TrajectoryView trajectory(int i) {
    return new TrajectoryView(
        "traj-" + i,
        "arith-" + (i % 3),
        i % 2 == 0 ? 1.0 : 0.0,
        "OK",
        List.of(
            new TrajectoryView.Node("0", null, "PROMPT", "Compute 2+3*4 <x>"),
            new TrajectoryView.Node("1", "0", "MODEL", "I will use the calculator."),
            new TrajectoryView.Node("2", "1", "TOOL_CALL", "calc(\"2+3*4\")"),
            new TrajectoryView.Node("3", "2", "TOOL_RESULT", "14"),
            new TrajectoryView.Node("4", "0", "MODEL", "submit 20")));
  }

  /** Writes config, 30 RL steps, the actors and 3 trajectories through {@code log}. */
  public static void fill(RunLog log) {
    for (long s = 1; s <= 30; s++) {
      log.metric(rl(s));
    }
    actors().forEach(log::actor);
    for (int i = 0; i < 3; i++) {
      log.trajectory(trajectory(i));
    }
  }
}
