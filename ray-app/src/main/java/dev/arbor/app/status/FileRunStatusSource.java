package dev.arbor.app.status;

import dev.arbor.app.run.ActorInfo;
import dev.arbor.app.run.MetricEvent;
import dev.arbor.app.run.MetricsTail;
import dev.arbor.app.run.RunFiles;
import dev.arbor.app.run.RunFolder;
import dev.arbor.app.run.TrajectoryView;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The status of a run read from its folder, for {@code arbor status --run DIR}: works on a finished
 * run and follows one that another process is still writing (new metric lines are read on each
 * request). Missing files read as empty, malformed lines are skipped and counted.
 */
public final class FileRunStatusSource implements RunStatusSource {
  private final RunFiles files;
  private final MetricsTail tail;
  private final MetricsHistory history = new MetricsHistory();
  private final int keepTrajectories;

  public FileRunStatusSource(Path runDir, int keepTrajectories) {
    this.files = new RunFiles(runDir);
    this.tail = new MetricsTail(runDir.resolve(RunFolder.METRICS));
    this.keepTrajectories = keepTrajectories;
  }

  public FileRunStatusSource(Path runDir) {
    this(runDir, RunFolder.DEFAULT_KEEP_TRAJECTORIES);
  }

  @Override
  public String config() {
    return files.config();
  }

  @Override
  public List<ActorInfo> actors() {
    return files.actors();
  }

  @Override
  public MetricsPage metrics(long since) {
    refresh();
    return history.page(since);
  }

  @Override
  public Map<String, MetricEvent> latest() {
    refresh();
    return history.latest();
  }

  @Override
  public List<TrajectoryView> trajectories() {
    return files.trajectories(keepTrajectories);
  }

  @Override
  public Map<String, Object> summary() {
    return files.summary();
  }

  @Override
  public long skipped() {
    return files.skipped() + tail.skippedLines();
  }

  private void refresh() {
    synchronized (tail) {
      history.addAll(tail.poll());
    }
  }
}
