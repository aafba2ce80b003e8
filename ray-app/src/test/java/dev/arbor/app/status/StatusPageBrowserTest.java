package dev.arbor.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.app.run.ActorInfo;
import dev.arbor.app.run.MetricEvent;
import dev.arbor.app.run.SyntheticRun;
import dev.arbor.app.run.TrajectoryView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the status page in headless Chromium (Debian package {@code chromium}; another binary with
 * {@code -Darbor.chromium=PATH}) and checks what a user would see: the actors table, and a curve
 * that grows while the page is open. Tagged {@code browser}: {@code .ci/run} installs Chromium and
 * runs it; plain {@code mvn verify} does not.
 */
@Tag("browser")
class StatusPageBrowserTest {
  @TempDir Path tmp;

  /** The live source, extended: after the page's first metrics request, 10 more steps arrive. */
  private static final class GrowingRun implements RunStatusSource {
    final LiveRunStatus live = new LiveRunStatus(10);
    final List<Long> sinceAsked = new CopyOnWriteArrayList<>();

    @Override
    public MetricsPage metrics(long since) {
      MetricsPage page = live.metrics(since);
      if (sinceAsked.isEmpty()) {
        for (long s = 31; s <= 40; s++) {
          live.metric(SyntheticRun.rl(s));
        }
      }
      sinceAsked.add(since);
      return page;
    }

    @Override
    public String config() {
      return live.config();
    }

    @Override
    public List<ActorInfo> actors() {
      return live.actors();
    }

    @Override
    public Map<String, MetricEvent> latest() {
      return live.latest();
    }

    @Override
    public List<TrajectoryView> trajectories() {
      return live.trajectories();
    }

    @Override
    public Map<String, Object> summary() {
      return live.summary();
    }

    @Override
    public long skipped() {
      return live.skipped();
    }
  }

  @Test
  void pageShowsActorsTrajectoriesAndALiveCurve() throws Exception {
    GrowingRun run = new GrowingRun();
    run.live.config(SyntheticRun.CONFIG);
    SyntheticRun.fill(run.live);
    String dom;
    try (StatusServer server = StatusServer.start(run, 0)) {
      dom = dumpDom(server.uri().toString());
    }
    assertThat(dom).contains("data-actor=\"policy-0\"", "data-actor=\"sandbox-0\"");
    assertThat(dom).containsPattern("<td[^>]*>trainer</td>\\s*<td[^>]*>trainer:1(\\.0)?</td>");
    assertThat(dom).contains("class=\"state-RESTARTING\">RESTARTING</td>");
    assertThat(dom).contains("data-trajectory=\"traj-2\"", "node node-TOOL_CALL");
    assertThat(dom).contains("name: demo"); // the job config
    // the page polled again from where it was and redrew the curve with the new steps
    assertThat(run.sinceAsked).startsWith(0L, 30L);
    String reward = element(dom, "curve-reward");
    assertThat(reward).contains("data-points=\"40\"", "data-last-step=\"40\"");
    assertThat(pointCount(reward)).isEqualTo(40);
    assertThat(element(dom, "curve-busy_fraction")).contains("data-last-step=\"40\"");
  }

  /** The DOM of {@code url} after the page's scripts ran for a few (virtual) seconds. */
  private String dumpDom(String url) throws IOException, InterruptedException {
    String chromium = System.getProperty("arbor.chromium", "/usr/bin/chromium");
    assertThat(Path.of(chromium))
        .as("Chromium for the browser test (apt-get install chromium, or -Darbor.chromium=PATH)")
        .isExecutable();
    Path profile = Files.createDirectories(tmp.resolve("profile"));
    Path stderr = tmp.resolve("chromium.err");
    Process p =
        new ProcessBuilder(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=6000",
                "--dump-dom",
                url)
            .redirectError(stderr.toFile())
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s");
    }
    assertThat(p.exitValue()).as(Files.readString(stderr)).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  /** The element with id {@code id} up to its end tag (curves hold no nested div). */
  private static String element(String dom, String id) {
    int start = dom.indexOf("id=\"" + id + "\"");
    assertThat(start).as("element #" + id + " in the page").isNotNegative();
    return dom.substring(dom.lastIndexOf('<', start), dom.indexOf("</div>", start));
  }

  private static int pointCount(String svg) {
    Matcher m = Pattern.compile("\\spoints=\"([^\"]*)\"").matcher(svg);
    int n = 0;
    while (m.find()) {
      n += m.group(1).trim().split("\\s+").length;
    }
    return n;
  }
}
