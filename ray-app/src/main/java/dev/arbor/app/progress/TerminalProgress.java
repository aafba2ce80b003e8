package dev.arbor.app.progress;

import java.io.PrintStream;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A live progress bar (me.tongfei progressbar) redrawn in place: step of total, rate, time left,
 * and the latest reward, loss and tokens per second as its extra message.
 */
public final class TerminalProgress implements Progress {
  private final ProgressBar bar;

  /**
   * @param total steps of the phase; 0 when unknown (the bar then counts without a total)
   */
  public TerminalProgress(String phase, long total, PrintStream out) {
    this.bar =
        new ProgressBarBuilder()
            .setTaskName("[" + phase + "]")
            .setInitialMax(total > 0 ? total : -1)
            .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
            .setUpdateIntervalMillis(250)
            .setConsumer(new ConsoleProgressBarConsumer(out))
            .setUnit(" steps", 1)
            .showSpeed()
            .build();
  }

  @Override
  public synchronized void update(long step, Map<String, Double> values) {
    bar.stepTo(step);
    bar.setExtraMessage(Progress.describe(values));
  }

  @Override
  public synchronized void close() {
    bar.close();
  }
}
