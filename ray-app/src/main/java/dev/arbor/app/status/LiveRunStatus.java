package dev.arbor.app.status;

import dev.arbor.app.run.ActorInfo;
import dev.arbor.app.run.MetricEvent;
import dev.arbor.app.run.RunLog;
import dev.arbor.app.run.TrajectoryView;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status of a running job kept in the driver's memory: the driver reports to it as a {@link
 * RunLog} (usually teed with its {@code RunFolder}) and the status server reads it as a {@link
 * RunStatusSource}, with no file in between.
 */
public final class LiveRunStatus implements RunLog, RunStatusSource {
  private final int keepTrajectories;
  private final MetricsHistory history = new MetricsHistory();
  private final Map<String, ActorInfo> actors = new LinkedHashMap<>();
  private final Deque<TrajectoryView> trajectories = new ArrayDeque<>();
  private String config = "";
  private Map<String, Object> summary = Map.of();

  /** Keeps the newest {@code keepTrajectories} trajectories. */
  public LiveRunStatus(int keepTrajectories) {
    if (keepTrajectories < 1) {
      throw new IllegalArgumentException("keepTrajectories must be >= 1: " + keepTrajectories);
    }
    this.keepTrajectories = keepTrajectories;
  }

  @Override
  public synchronized void config(String text) {
    config = text;
  }

  @Override
  public void metric(MetricEvent event) {
    history.add(event);
  }

  @Override
  public synchronized void actor(ActorInfo actor) {
    actors.put(actor.name(), actor);
  }

  @Override
  public synchronized void trajectory(TrajectoryView trajectory) {
    trajectories.addLast(trajectory);
    while (trajectories.size() > keepTrajectories) {
      trajectories.removeFirst();
    }
  }

  @Override
  public synchronized void summary(Map<String, Object> summary) {
    this.summary = Collections.unmodifiableMap(new LinkedHashMap<>(summary));
  }

  @Override
  public synchronized String config() {
    return config;
  }

  @Override
  public synchronized List<ActorInfo> actors() {
    return List.copyOf(actors.values());
  }

  @Override
  public MetricsPage metrics(long since) {
    return history.page(since);
  }

  @Override
  public Map<String, MetricEvent> latest() {
    return history.latest();
  }

  @Override
  public synchronized List<TrajectoryView> trajectories() {
    return List.copyOf(trajectories);
  }

  @Override
  public synchronized Map<String, Object> summary() {
    return summary;
  }

  @Override
  public long skipped() {
    return 0;
  }
}
