package dev.arbor.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends one JSON object per step to a {@code metrics.jsonl} file (snake_case keys, flushed every
 * line so that a crash loses nothing that was logged).
 */
public final class MetricsFileListener implements TrainingListener, AutoCloseable {
  private final ObjectMapper mapper =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  private final BufferedWriter out;
  private final Path file;

  /** Appends to {@code file}, creating it and its folder. */
  public MetricsFileListener(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.file = file;
    this.out =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Override
  public void onStep(StepMetrics metrics) {
    try {
      out.write(mapper.writeValueAsString(metrics));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write metrics to " + file, e);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
