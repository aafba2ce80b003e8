package dev.arbor.actors.metrics;

import io.ray.runtime.metric.Metric;
import io.ray.runtime.metric.Metrics.AbstractBuilder;
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
    return register(io.ray.runtime.metric.Metrics.gauge(), name, description)::update;
  }

  @Override
  public Recorder counter(String name, String description) {
    return register(io.ray.runtime.metric.Metrics.count(), name, description)::inc;
  }

  @Override
  public Recorder histogram(String name, String description, double... boundaries) {
    List<Double> bounds = new ArrayList<>();
    for (double b : boundaries) {
      bounds.add(b);
    }
    return register(io.ray.runtime.metric.Metrics.histogram().boundaries(bounds), name, description)
        ::update;
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // Ray's builder is declared with a raw self type
  private <M extends Metric> M register(AbstractBuilder<?, M> builder, String name, String desc) {
    AbstractBuilder b = builder;
    return (M) b.name(name).description(desc).tags(tags).register();
  }
}
