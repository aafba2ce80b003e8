package dev.arbor.app.report;

import dev.arbor.app.run.MetricEvent;
import dev.arbor.app.run.MetricsTail;
import dev.arbor.app.run.RunFiles;
import dev.arbor.app.run.RunFolder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text {@code arbor report} prints about a run folder: its summary ({@code summary.json}, or
 * "not written yet" while the run goes on) and the last logged numbers of each phase.
 */
public final class RunReport {
  private RunReport() {}

  public static String render(RunFiles files) {
    StringBuilder out = new StringBuilder();
    out.append("run ").append(files.dir()).append('\n');
    Map<String, Object> summary = files.summary();
    if (summary.isEmpty()) {
      out.append("summary: not written yet (run still going, or it stopped early)\n");
    } else {
      out.append("summary:\n");
      summary.forEach((k, v) -> out.append("  ").append(k).append(": ").append(v).append('\n'));
    }
    MetricsTail tail = new MetricsTail(files.dir().resolve(RunFolder.METRICS));
    List<MetricEvent> events = tail.poll();
    Map<String, MetricEvent> last = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (MetricEvent e : events) {
      last.put(e.phase(), e);
      counts.merge(e.phase(), 1, Integer::sum);
    }
    if (last.isEmpty()) {
      out.append("metrics: none yet\n");
    }
    last.forEach(
        (phase, e) -> {
          out.append(
              String.format(
                  Locale.ROOT, "last %s step %d (%d events):", phase, e.step(), counts.get(phase)));
          e.values().forEach((k, v) -> out.append(' ').append(k).append('=').append(number(v)));
          out.append('\n');
        });
    if (tail.skippedLines() > 0) {
      out.append("skipped ").append(tail.skippedLines()).append(" malformed metrics lines\n");
    }
    return out.toString();
  }

  private static String number(double v) {
    return Math.abs(v) >= 1e4 || v == Math.rint(v)
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.4g", v);
  }
}
