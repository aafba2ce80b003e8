package dev.arbor.trainer.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One progress line per step on a stream: step, loss, gradient norm, clip fraction, tokens/s and
 * the estimated time left. Plain lines work on terminals and in CI logs alike.
 */
public final class ProgressListener implements TrainingListener {
  private final PrintStream out;
  private final String label;
  private final long totalSteps;
  private final long every;
  private final long started = System.nanoTime();
  private long firstStep = -1;

  /** Prints every {@code every}-th step of {@code totalSteps} (0 = unknown total). */
  public ProgressListener(PrintStream out, String label, long totalSteps, long every) {
    this.out = out;
    this.label = label;
    this.totalSteps = totalSteps;
    this.every = Math.max(1, every);
  }

  @Override
  public void onStep(StepMetrics m) {
    if (firstStep < 0) {
      firstStep = m.step();
    }
    if (m.step() % every != 0 && m.step() != totalSteps) {
      return;
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    long done = m.step() - firstStep + 1;
    String eta = "";
    if (totalSteps > 0 && done > 0) {
      double left = elapsed / done * Math.max(0, totalSteps - m.step());
      eta = String.format(Locale.ROOT, " eta %s", duration(left));
    }
    out.printf(
        Locale.ROOT,
        "%s step %d%s loss %.4f grad %.3f clip %.3f lr %.2e %.0f tok/s%s%n",
        label,
        m.step(),
        totalSteps > 0 ? "/" + totalSteps : "",
        m.loss(),
        m.gradNorm(),
        m.clipFraction(),
        m.lr(),
        m.tokensPerSecond(),
        eta);
    out.flush();
  }

  /** A duration for progress lines: {@code 4m10s}, or {@code 2h05m} from an hour on. */
  public static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
