package dev.arbor.app.report;

import dev.arbor.app.run.MetricEvent;
import dev.arbor.app.run.MetricsTail;
import dev.arbor.app.run.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots of a run's curves against the step, one file per quantity in {@code <run>/plots/}, one
 * line per phase ({@code sft}, {@code rl}, {@code eval}). A quantity the run never logged gets no
 * file and no error: an SFT-only run has no reward plot.
 */
public final class Plots {
  /** Folder of the plots inside the run folder. */
  public static final String DIR = "plots";

  /**
   * A plotted quantity: its file name, title, and the metric names that carry it, in order of
   * preference (the trainer writes {@code mean_kl}, the driver may write {@code kl}).
   */
  public record Quantity(String file, String title, List<String> fields) {}

  /** Everything Arbor plots when the run has it. */
  public static final List<Quantity> QUANTITIES =
      List.of(
          new Quantity("reward", "Reward", List.of("reward", "mean_reward")),
          new Quantity("solve_rate", "Solve rate", List.of("solve_rate")),
          new Quantity("entropy", "Policy entropy", List.of("entropy", "mean_entropy")),
          new Quantity("loss", "Loss", List.of("loss")),
          new Quantity("kl", "KL to reference", List.of("kl", "mean_kl")),
          new Quantity(
              "busy_fraction",
              "Trainer busy fraction",
              List.of("busy_fraction", "trainer_busy_fraction")));

  private Plots() {}

  /** Renders the plots of the run folder {@code runDir}; returns the files written. */
  public static List<Path> render(Path runDir) throws IOException {
    if (!Files.isDirectory(runDir)) {
      throw new IllegalArgumentException("run folder " + runDir + " does not exist");
    }
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true"); // plots on servers without a display
    }
    List<MetricEvent> events = MetricsTail.readAll(runDir.resolve(RunFolder.METRICS));
    Path out = runDir.resolve(DIR);
    List<Path> written = new ArrayList<>();
    for (Quantity q : QUANTITIES) {
      Map<String, Series> byPhase = series(events, q.fields());
      if (byPhase.isEmpty()) {
        continue;
      }
      Files.createDirectories(out);
      Path file = out.resolve(q.file() + ".png");
      BitmapEncoder.saveBitmap(chart(q, byPhase), file.toString(), BitmapEncoder.BitmapFormat.PNG);
      written.add(file);
    }
    return written;
  }

  /** Points of one quantity per phase; phases without it are left out. */
  static Map<String, Series> series(List<MetricEvent> events, List<String> fields) {
    Map<String, Series> byPhase = new LinkedHashMap<>();
    for (MetricEvent e : events) {
      for (String f : fields) {
        double v = e.get(f);
        if (!Double.isNaN(v)) {
          byPhase.computeIfAbsent(e.phase(), p -> new Series()).add(e.step(), v);
          break;
        }
      }
    }
    return byPhase;
  }

  private static XYChart chart(Quantity q, Map<String, Series> byPhase) {
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(450)
            .title(q.title())
            .xAxisTitle("step")
            .yAxisTitle(q.file())
            .build();
    chart.getStyler().setLegendVisible(byPhase.size() > 1);
    byPhase.forEach(
        (phase, s) -> {
          XYSeries series = chart.addSeries(phase, s.xs, s.ys);
          series.setMarker(s.xs.size() > 50 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        });
    return chart;
  }

  /** Steps and values of one line. */
  static final class Series {
    final List<Double> xs = new ArrayList<>();
    final List<Double> ys = new ArrayList<>();

    void add(double x, double y) {
      xs.add(x);
      ys.add(y);
    }
  }
}
