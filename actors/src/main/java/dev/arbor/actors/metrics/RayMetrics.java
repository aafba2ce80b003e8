package dev.arbor.actors.metrics;

import io.ray.runtime.metric.Count;
import io.ray.runtime.metric.Gauge;
import io.ray.runtime.metric.Histogram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link Metrics} through {@code io.ray.runtime.metric}. */
final class RayMetrics implements Metrics {
  private final Map<String, String> tags;

  RayMetrics(Map<String, String> tags) {
    this.tags = Map.copyOf(tags);
  }

  @Override
  public Recorder gauge(String name, String description) {
    Gauge g =
        io.ray.runtime.metric.Metrics.gauge()
            .name(name)
            .description(description)
            .tags(tags)
            .register();
    return g::update;
  }

  @Override
  public Recorder counter(String name, String description) {
    Count c =
        io.ray.runtime.metric.Metrics.count()
            .name(name)
            .description(description)
            .tags(tags)
            .register();
    return c::inc;
  }

  @Override
  public Recorder histogram(String name, String description, double... boundaries) {
    List<Double> bounds = new ArrayList<>();
    for (double b : boundaries) {
      bounds.add(b);
    }
    Histogram h =
        io.ray.runtime.metric.Metrics.histogram()
            .name(name)
            .description(description)
            .tags(tags)
            .boundaries(bounds)
            .register();
    return h::update;
  }
}
