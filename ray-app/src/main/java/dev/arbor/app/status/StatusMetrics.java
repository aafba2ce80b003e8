package dev.arbor.app.status;

import dev.arbor.app.run.ActorInfo;
import dev.arbor.app.run.MetricEvent;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run as Prometheus gauges, computed from the {@link RunStatusSource} at scrape time:
 *
 * <ul>
 *   <li>{@code arbor_run_<field>{phase}}: the latest value of each metric field, e.g. {@code
 *       arbor_run_reward{phase="rl"}}, and {@code arbor_run_step{phase}}
 *   <li>{@code arbor_actors{role,state}}: how many actors are in each state
 *   <li>{@code arbor_actor_restarts{actor,role}}: restarts per actor
 *   <li>{@code arbor_skipped_records}: malformed lines or files skipped while reading the run
 * </ul>
 */
final class StatusMetrics implements MultiCollector {
  private final RunStatusSource source;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  StatusMetrics(RunStatusSource source) {
    this.source = source;
    registry.register(this);
  }

  /** The Prometheus text format of the current state. */
  String scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out, registry.scrape());
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  String contentType() {
    return writer.getContentType();
  }

  @Override
  public MetricSnapshots collect() {
    List<MetricSnapshot> out = new ArrayList<>();
    // field name -> (phase -> value), sorted for a stable exposition
    Map<String, Map<String, Double>> fields = new TreeMap<>();
    for (MetricEvent e : source.latest().values()) {
      fields.computeIfAbsent("step", k -> new TreeMap<>()).put(e.phase(), (double) e.step());
      e.values()
          .forEach(
              (k, v) ->
                  fields
                      .computeIfAbsent(PrometheusNaming.sanitizeMetricName(k), n -> new TreeMap<>())
                      .put(e.phase(), v));
    }
    fields.forEach(
        (name, byPhase) -> {
          GaugeSnapshot.Builder g =
              GaugeSnapshot.builder()
                  .name("arbor_run_" + name)
                  .help("latest " + name + " by phase");
          byPhase.forEach((phase, v) -> g.dataPoint(point(v, "phase", phase)));
          out.add(g.build());
        });
    List<ActorInfo> actors = source.actors();
    Map<List<String>, Integer> byRoleState = new TreeMap<>(StatusMetrics::compareLists);
    GaugeSnapshot.Builder restarts =
        GaugeSnapshot.builder().name("arbor_actor_restarts").help("restarts of each actor");
    for (ActorInfo a : actors) {
      byRoleState.merge(List.of(a.role(), a.state()), 1, Integer::sum);
      restarts.dataPoint(point(a.restarts(), "actor", a.name(), "role", a.role()));
    }
    GaugeSnapshot.Builder states =
        GaugeSnapshot.builder().name("arbor_actors").help("actors by role and state");
    byRoleState.forEach((k, n) -> states.dataPoint(point(n, "role", k.get(0), "state", k.get(1))));
    out.add(states.build());
    out.add(restarts.build());
    out.add(
        GaugeSnapshot.builder()
            .name("arbor_skipped_records")
            .help("malformed lines or files skipped while reading the run")
            .dataPoint(GaugeDataPointSnapshot.builder().value(source.skipped()).build())
            .build());
    return new MetricSnapshots(out);
  }

  private static GaugeDataPointSnapshot point(double value, String... labels) {
    return GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
  }

  private static int compareLists(List<String> a, List<String> b) {
    int c = a.get(0).compareTo(b.get(0));
    return c != 0 ? c : a.get(1).compareTo(b.get(1));
  }
}
