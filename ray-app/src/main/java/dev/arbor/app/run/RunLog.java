package dev.arbor.app.run;

import java.util.List;
import java.util.Map;

/**
 * Where the driver reports a run as it goes: the run folder on disk ({@link RunFolder}), the live
 * status page's memory, or both ({@link #tee}). Implementations are thread-safe: the driver reports
 * from its rollout, trainer and supervisor threads.
 */
public interface RunLog {

  /** The job config, as the user gave it (YAML text). */
  void config(String text);

  /** One metrics event. */
  void metric(MetricEvent event);

  /** Adds or replaces (by name) one actor's entry. */
  void actor(ActorInfo actor);

  /** A finished trajectory for display; only the most recent few are kept. */
  void trajectory(TrajectoryView trajectory);

  /** The final numbers of the run (replaces earlier ones). */
  void summary(Map<String, Object> summary);

  /** A log that forwards every call to each of {@code logs} in order. */
  static RunLog tee(RunLog... logs) {
    List<RunLog> all = List.of(logs);
    return new RunLog() {
      @Override
      public void config(String text) {
        all.forEach(l -> l.config(text));
      }

      @Override
      public void metric(MetricEvent event) {
        all.forEach(l -> l.metric(event));
      }

      @Override
      public void actor(ActorInfo actor) {
        all.forEach(l -> l.actor(actor));
      }

      @Override
      public void trajectory(TrajectoryView trajectory) {
        all.forEach(l -> l.trajectory(trajectory));
      }

      @Override
      public void summary(Map<String, Object> summary) {
        all.forEach(l -> l.summary(summary));
      }
    };
  }
}
