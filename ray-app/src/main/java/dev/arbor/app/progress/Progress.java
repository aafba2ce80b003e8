package dev.arbor.app.progress;

import dev.arbor.app.run.RunMetricsListener;
import dev.arbor.trainer.train.StepMetrics;
import dev.arbor.trainer.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Progress of one phase of a run ({@code sft}, {@code rl}, {@code eval}): step of total, reward,
 * tokens per second and the time left. On a terminal it is a live bar ({@link TerminalProgress});
 * elsewhere (CI, a pipe, a log file) it prints a plain line every few steps or seconds ({@link
 * PlainProgress}), e.g. {@code [rl] step 12/200 reward 0.41 tok/s 3.1k eta 4m10s}.
 *
 * <p>Fed by the driver with {@link #update}, or by the trainer through {@link #asListener()}.
 */
public interface Progress extends AutoCloseable {

  /**
   * Reports that {@code step} is done; {@code values} are its metrics by their {@code
   * metrics.jsonl} names ({@code reward}, {@code loss}, {@code tokens_per_second}, ...).
   */
  void update(long step, Map<String, Double> values);

  /** Ends the bar (prints the final line). */
  @Override
  void close();

  /** The trainer's per-step metrics drive this progress. */
  default TrainingListener asListener() {
    return new TrainingListener() {
      @Override
      public void onStep(StepMetrics metrics) {
        update(metrics.step(), RunMetricsListener.fields(metrics));
      }
    };
  }

  /**
   * A bar when this JVM has a terminal ({@code System.console() != null}), else plain lines on
   * {@code out} every 10 steps or 10 seconds, whichever comes first.
   *
   * @param total steps of the phase, 0 when unknown
   */
  static Progress start(String phase, long total, PrintStream out) {
    return System.console() != null
        ? new TerminalProgress(phase, total, out)
        : new PlainProgress(phase, total, out, 10, 10, System::nanoTime);
  }

  /** The numbers shown after the step: {@code reward 0.41 loss 0.123 tok/s 3.1k}. */
  static String describe(Map<String, Double> values) {
    StringBuilder s = new StringBuilder();
    append(s, "reward", values.get("reward"), "%.3f");
    append(s, "solved", values.get("solve_rate"), "%.2f");
    append(s, "loss", values.get("loss"), "%.4f");
    Double tps = values.get("tokens_per_second");
    if (tps != null && Double.isFinite(tps)) {
      s.append(s.isEmpty() ? "" : " ").append("tok/s ").append(compact(tps));
    }
    return s.toString();
  }

  private static void append(StringBuilder s, String name, Double v, String format) {
    if (v != null && Double.isFinite(v)) {
      s.append(s.isEmpty() ? "" : " ").append(name).append(' ');
      s.append(String.format(Locale.ROOT, format, v));
    }
  }

  /** 950, 3.1k, 12.0M. */
  static String compact(double v) {
    double a = Math.abs(v);
    if (a >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM", v / 1e6);
    }
    return a >= 1e3
        ? String.format(Locale.ROOT, "%.1fk", v / 1e3)
        : String.format(Locale.ROOT, "%.0f", v);
  }
}
