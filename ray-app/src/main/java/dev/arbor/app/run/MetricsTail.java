package dev.arbor.app.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a {@code metrics.jsonl} that another thread or process is appending to: each {@link
 * #poll()} returns the events of the lines completed since the last one. A missing file is an empty
 * run (it just started); a last line without its newline waits for the next poll; a malformed line
 * is skipped and counted ({@link #skippedLines()}), so one bad write does not hide a run.
 */
public final class MetricsTail {
  private final Path file;
  private long offset;
  private long skipped;

  public MetricsTail(Path file) {
    this.file = file;
  }

  /** All events of a metrics file, skipping malformed lines. */
  public static List<MetricEvent> readAll(Path file) {
    return new MetricsTail(file).poll();
  }

  /** Events of the lines completed since the previous call. */
  public synchronized List<MetricEvent> poll() {
    byte[] bytes;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < offset) {
        offset = 0; // truncated or replaced: start over
      }
      ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size - offset));
      while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
        // read until the size seen above
      }
      bytes = buf.array();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    int end = lastNewline(bytes);
    if (end < 0) {
      return List.of();
    }
    offset += end + 1;
    List<MetricEvent> events = new ArrayList<>();
    for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n", -1)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        events.add(RunJson.parseMetricLine(line));
      } catch (IllegalArgumentException e) {
        skipped++;
      }
    }
    return events;
  }

  /** Malformed lines skipped so far. */
  public synchronized long skippedLines() {
    return skipped;
  }

  private static int lastNewline(byte[] bytes) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
