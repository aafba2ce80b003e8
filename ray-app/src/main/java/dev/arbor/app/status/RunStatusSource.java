package dev.arbor.app.status;

import dev.arbor.app.run.ActorInfo;
import dev.arbor.app.run.MetricEvent;
import dev.arbor.app.run.TrajectoryView;
import java.util.List;
import java.util.Map;

/**
 * What the status page shows of a run, wherever it comes from: the driver's memory while it runs
 * ({@link LiveRunStatus}) or a run folder on disk ({@link FileRunStatusSource}). Implementations
 * are thread-safe and never fail on a run that has just started (everything empty).
 */
public interface RunStatusSource {

  /**
   * Metric events from position {@code since} on (positions count events from 0 in the order
   * logged) and the position to ask for next.
   */
  record MetricsPage(long next, List<MetricEvent> events) {}

  /** The job config text (YAML), or empty. */
  String config();

  List<ActorInfo> actors();

  MetricsPage metrics(long since);

  /** The newest event of each phase. */
  Map<String, MetricEvent> latest();

  /** Recent trajectories, oldest first. */
  List<TrajectoryView> trajectories();

  /** Final numbers, or empty while the run goes on. */
  Map<String, Object> summary();

  /** Malformed lines or files skipped while reading (always 0 for live data). */
  long skipped();
}
