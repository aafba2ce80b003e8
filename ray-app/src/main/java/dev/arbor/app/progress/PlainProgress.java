package dev.arbor.app.progress;

import dev.arbor.trainer.train.ProgressListener;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Progress as plain lines, for logs without a terminal: the first step, then whenever {@code
 * everySteps} steps or {@code everySeconds} seconds have passed since the last line, and the last
 * step of the phase. The time left is extrapolated from the steps done since the first update.
 */
public final class PlainProgress implements Progress {
  private final String phase;
  private final long total;
  private final PrintStream out;
  private final long everySteps;
  private final long everyNanos;
  private final LongSupplier nanoClock;
  private long firstStep = -1;
  private long firstNanos;
  private long lastPrintedStep;
  private long lastPrintedNanos;
  private long lastStep = -1;
  private Map<String, Double> lastValues = Map.of();

  /**
   * @param nanoClock time source ({@code System::nanoTime}; a fake one in tests)
   */
  public PlainProgress(
      String phase,
      long total,
      PrintStream out,
      long everySteps,
      double everySeconds,
      LongSupplier nanoClock) {
    if (everySteps < 1 || everySeconds < 0) {
      throw new IllegalArgumentException(
          "progress every " + everySteps + " steps / " + everySeconds + " s: need >= 1 and >= 0");
    }
    this.phase = phase;
    this.total = Math.max(0, total);
    this.out = out;
    this.everySteps = everySteps;
    this.everyNanos = (long) (everySeconds * 1e9);
    this.nanoClock = nanoClock;
  }

  @Override
  public synchronized void update(long step, Map<String, Double> values) {
    long now = nanoClock.getAsLong();
    lastStep = step;
    lastValues = values;
    if (firstStep < 0) {
      firstStep = step;
      firstNanos = now;
      print(now);
      return;
    }
    if (step - lastPrintedStep >= everySteps
        || now - lastPrintedNanos >= everyNanos
        || (total > 0 && step >= total)) {
      print(now);
    }
  }

  private void print(long now) {
    StringBuilder line = new StringBuilder();
    line.append('[').append(phase).append("] step ").append(lastStep);
    if (total > 0) {
      line.append('/').append(total);
    }
    String numbers = Progress.describe(lastValues);
    if (!numbers.isEmpty()) {
      line.append(' ').append(numbers);
    }
    long done = lastStep - firstStep;
    if (total > 0 && done > 0 && lastStep < total) {
      double perStep = (now - firstNanos) / 1e9 / done;
      line.append(" eta ").append(ProgressListener.duration(perStep * (total - lastStep)));
    }
    out.println(line);
    out.flush();
    lastPrintedStep = lastStep;
    lastPrintedNanos = now;
  }

  @Override
  public synchronized void close() {
    if (lastStep >= 0 && lastPrintedStep != lastStep) {
      print(nanoClock.getAsLong());
    }
  }
}
