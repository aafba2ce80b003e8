package dev.arbor.app.run;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A run's folder {@code runs/<name>/} on disk (DESIGN.md section 10), written as the run goes so
 * that a crash leaves everything logged so far and {@code arbor status --run DIR} can follow a run
 * from another process:
 *
 * <ul>
 *   <li>{@code config.yaml}: the job config text as given
 *   <li>{@code metrics.jsonl}: one {@link MetricEvent} per line, appended and flushed per line
 *   <li>{@code actors.json}: the actors, rewritten atomically on every change
 *   <li>{@code trajectories.jsonl}: recent trajectories, appended; when it holds twice the limit it
 *       is rewritten (atomically) with the newest ones only
 *   <li>{@code summary.json}: final numbers, written atomically
 *   <li>{@code checkpoints/}: for the trainer's checkpoints
 * </ul>
 *
 * <p>All methods are synchronized: the driver calls them from several threads.
 */
public final class RunFolder implements RunLog, AutoCloseable {
  public static final String CONFIG = "config.yaml";
  public static final String METRICS = "metrics.jsonl";
  public static final String ACTORS = "actors.json";
  public static final String TRAJECTORIES = "trajectories.jsonl";
  public static final String SUMMARY = "summary.json";
  public static final String CHECKPOINTS = "checkpoints";

  /** Trajectories kept for display unless the caller says otherwise. */
  public static final int DEFAULT_KEEP_TRAJECTORIES = 50;

  private final Path dir;
  private final int keepTrajectories;
  private final BufferedWriter metrics;
  private final Map<String, ActorInfo> actors = new LinkedHashMap<>();
  private final Deque<String> trajectoryLines = new ArrayDeque<>();
  private int trajectoryFileLines;

  private RunFolder(Path dir, int keepTrajectories) throws IOException {
    if (keepTrajectories < 1) {
      throw new IllegalArgumentException("keepTrajectories must be >= 1: " + keepTrajectories);
    }
    this.dir = dir;
    this.keepTrajectories = keepTrajectories;
    Files.createDirectories(dir.resolve(CHECKPOINTS));
    this.metrics =
        Files.newBufferedWriter(
            dir.resolve(METRICS),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
  }

  /**
   * Creates a new run folder and writes {@code config.yaml}. Refuses a folder that exists and is
   * not empty, so that a new run never mixes its files into an old one.
   */
  public static RunFolder create(Path dir, String configText, int keepTrajectories)
      throws IOException {
    if (Files.isDirectory(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalStateException(
              "run folder " + dir + " already exists; choose another run name, or resume that run");
        }
      }
    } else if (Files.exists(dir)) {
      throw new IllegalStateException("run folder " + dir + " exists and is not a directory");
    }
    RunFolder folder = new RunFolder(dir, keepTrajectories);
    folder.config(configText);
    return folder;
  }

  /**
   * {@link #create(Path, String, int)} keeping {@value #DEFAULT_KEEP_TRAJECTORIES} trajectories.
   */
  public static RunFolder create(Path dir, String configText) throws IOException {
    return create(dir, configText, DEFAULT_KEEP_TRAJECTORIES);
  }

  /**
   * Reopens an existing run to continue it: metrics are appended, the actors and recent
   * trajectories written so far are kept.
   */
  public static RunFolder resume(Path dir, int keepTrajectories) throws IOException {
    if (!Files.isRegularFile(dir.resolve(CONFIG))) {
      throw new IllegalStateException(
          "cannot resume " + dir + ": it has no " + CONFIG + " (not a run folder?)");
    }
    RunFolder folder = new RunFolder(dir, keepTrajectories);
    RunFiles files = new RunFiles(dir);
    files.actors().forEach(a -> folder.actors.put(a.name(), a));
    for (TrajectoryView t : files.trajectories(keepTrajectories)) {
      folder.trajectoryLines.add(RunJson.write(t));
    }
    folder.trajectoryFileLines = 2 * keepTrajectories; // compact on the next write
    return folder;
  }

  public Path dir() {
    return dir;
  }

  public Path checkpointsDir() {
    return dir.resolve(CHECKPOINTS);
  }

  @Override
  public synchronized void config(String text) {
    AtomicFiles.write(dir.resolve(CONFIG), text);
  }

  @Override
  public synchronized void metric(MetricEvent event) {
    try {
      metrics.write(RunJson.metricLine(event));
      metrics.newLine();
      metrics.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + dir.resolve(METRICS), e);
    }
  }

  @Override
  public synchronized void actor(ActorInfo actor) {
    actors.put(actor.name(), actor);
    AtomicFiles.write(dir.resolve(ACTORS), RunJson.write(new ArrayList<>(actors.values())));
  }

  @Override
  public synchronized void trajectory(TrajectoryView trajectory) {
    String line = RunJson.write(trajectory);
    trajectoryLines.addLast(line);
    while (trajectoryLines.size() > keepTrajectories) {
      trajectoryLines.removeFirst();
    }
    Path file = dir.resolve(TRAJECTORIES);
    if (trajectoryFileLines + 1 > 2 * keepTrajectories) {
      AtomicFiles.write(file, String.join("\n", trajectoryLines) + "\n");
      trajectoryFileLines = trajectoryLines.size();
      return;
    }
    try {
      Files.writeString(
          file,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      trajectoryFileLines++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  @Override
  public synchronized void summary(Map<String, Object> summary) {
    try {
      AtomicFiles.write(
          dir.resolve(SUMMARY),
          RunJson.MAPPER
                  .writer()
                  .with(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(new LinkedHashMap<>(summary))
              + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the summary of " + dir, e);
    }
  }

  /** The actors reported so far, in first-reported order. */
  public synchronized List<ActorInfo> actors() {
    return List.copyOf(actors.values());
  }

  @Override
  public synchronized void close() throws IOException {
    metrics.close();
  }
}
