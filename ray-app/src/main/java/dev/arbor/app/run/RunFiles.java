package dev.arbor.app.run;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the whole-file parts of a run folder (config, actors, recent trajectories, summary) as they
 * are at the moment of the call. Missing files read as empty (a run that just started); malformed
 * content is skipped and counted ({@link #skipped()}), never thrown, because the reader usually
 * follows a run that is still writing.
 */
public final class RunFiles {
  private static final TypeReference<List<ActorInfo>> ACTOR_LIST = new TypeReference<>() {};
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private final Path dir;
  private final AtomicLong skipped = new AtomicLong();

  public RunFiles(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** {@code config.yaml}, or empty. */
  public String config() {
    String text = read(RunFolder.CONFIG);
    return text == null ? "" : text;
  }

  /** {@code actors.json}, or empty. */
  public List<ActorInfo> actors() {
    String text = read(RunFolder.ACTORS);
    if (text == null || text.isBlank()) {
      return List.of();
    }
    try {
      return List.copyOf(RunJson.MAPPER.readValue(text, ACTOR_LIST));
    } catch (IOException | RuntimeException e) {
      skipped.incrementAndGet();
      return List.of();
    }
  }

  /**
   * The newest {@code limit} well-formed trajectories of {@code trajectories.jsonl}, oldest first.
   */
  public List<TrajectoryView> trajectories(int limit) {
    String text = read(RunFolder.TRAJECTORIES);
    if (text == null) {
      return List.of();
    }
    String[] lines = text.split("\n", -1);
    List<TrajectoryView> out = new ArrayList<>();
    // the last element follows the final newline; a non-empty one is a line still being written
    for (int i = lines.length - 2; i >= 0 && out.size() < limit; i--) {
      if (lines[i].isBlank()) {
        continue;
      }
      try {
        out.add(0, RunJson.MAPPER.readValue(lines[i], TrajectoryView.class));
      } catch (IOException | RuntimeException e) {
        skipped.incrementAndGet();
      }
    }
    return out;
  }

  /** {@code summary.json}, or empty. */
  public Map<String, Object> summary() {
    String text = read(RunFolder.SUMMARY);
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    try {
      return RunJson.MAPPER.readValue(text, OBJECT);
    } catch (IOException | RuntimeException e) {
      skipped.incrementAndGet();
      return Map.of();
    }
  }

  /** Malformed files or lines met so far. */
  public long skipped() {
    return skipped.get();
  }

  private String read(String name) {
    try {
      return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve(name), e);
    }
  }
}
