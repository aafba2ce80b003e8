package dev.arbor.app.status;

import dev.arbor.app.run.MetricEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** All metric events of a run in logged order, with the newest per phase; thread-safe. */
final class MetricsHistory {
  private final List<MetricEvent> events = new ArrayList<>();
  private final Map<String, MetricEvent> latest = new LinkedHashMap<>();

  synchronized void add(MetricEvent e) {
    events.add(e);
    latest.put(e.phase(), e);
  }

  synchronized void addAll(List<MetricEvent> es) {
    es.forEach(this::add);
  }

  synchronized RunStatusSource.MetricsPage page(long since) {
    if (since < 0) {
      throw new IllegalArgumentException("since must be >= 0: " + since);
    }
    int from = (int) Math.min(since, events.size());
    return new RunStatusSource.MetricsPage(
        events.size(), List.copyOf(events.subList(from, events.size())));
  }

  synchronized Map<String, MetricEvent> latest() {
    return Map.copyOf(latest);
  }
}
