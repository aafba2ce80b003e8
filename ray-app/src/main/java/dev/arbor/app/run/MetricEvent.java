package dev.arbor.app.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of {@code metrics.jsonl}: {@code {"t": epoch_s, "phase": "rl", "step": 12, ...}}, the
 * remaining keys numeric. Lines written by the trainer's {@code MetricsFileListener} (no {@code t},
 * no {@code phase}) read as phase {@value #DEFAULT_PHASE} at time 0.
 *
 * @param t wall-clock time in epoch seconds
 * @param phase {@code sft}, {@code rl}, {@code eval}, or another short label
 * @param step step within the phase
 * @param values numeric fields in the order written (snake_case names)
 */
public record MetricEvent(double t, String phase, long step, Map<String, Double> values) {

  /** Phase of lines that name none (the trainer's own metrics file). */
  public static final String DEFAULT_PHASE = "train";

  public MetricEvent {
    Objects.requireNonNull(phase, "phase");
    if (phase.isBlank()) {
      throw new IllegalArgumentException("metric event phase must not be blank");
    }
    for (String key : values.keySet()) {
      if (key.equals("t") || key.equals("phase") || key.equals("step")) {
        throw new IllegalArgumentException(
            "metric field '" + key + "' is reserved (t, phase and step are set separately)");
      }
    }
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** An event stamped with the current time. */
  public static MetricEvent now(String phase, long step, Map<String, Double> values) {
    return new MetricEvent(System.currentTimeMillis() / 1000.0, phase, step, values);
  }

  /** The field, or NaN when absent. */
  public double get(String name) {
    Double v = values.get(name);
    return v == null ? Double.NaN : v;
  }
}
