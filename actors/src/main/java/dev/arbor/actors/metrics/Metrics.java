package dev.arbor.actors.metrics;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small facade over Ray's Java metrics ({@code io.ray.runtime.metric}, which lives in Ray's
 * runtime jar, not its API): gauges, counters and histograms with fixed tags (e.g. job and role).
 * {@link #create(Map)} falls back to {@link #noop()} where the runtime's metrics cannot be used, so
 * actors record metrics unconditionally.
 */
public interface Metrics {

  /** A metric that takes values. */
  @FunctionalInterface
  interface Recorder {
    void record(double value);
  }

  /** The last value wins. */
  Recorder gauge(String name, String description);

  /** Values are added up. */
  Recorder counter(String name, String description);

  /** Values are counted into buckets with these upper bounds. */
  Recorder histogram(String name, String description, double... boundaries);

  /** Discards everything. */
  static Metrics noop() {
    return NoopMetrics.INSTANCE;
  }

  /**
   * Ray's metrics with {@code tags} on every metric, or {@link #noop()} when Ray's metric runtime
   * is not on the class path or not initialised (LOCAL mode).
   */
  static Metrics create(Map<String, String> tags) {
    try {
      RayMetrics metrics = new RayMetrics(tags);
      metrics.gauge("arbor_up", "1 while an Arbor actor runs").record(1);
      return metrics;
    } catch (LinkageError | RuntimeException e) {
      Logger log = LoggerFactory.getLogger(Metrics.class);
      log.info("Ray metrics unavailable here ({}); metrics are not exported", e.toString());
      return noop();
    }
  }
}
