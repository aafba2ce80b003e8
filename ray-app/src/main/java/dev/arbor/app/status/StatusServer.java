package dev.arbor.app.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbor.app.run.MetricEvent;
import dev.arbor.app.run.RunJson;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The status page of a run on {@code http://127.0.0.1:PORT/} (loopback only: the page shows job
 * configs and trajectories, which are not for the network).
 *
 * <ul>
 *   <li>{@code /}: one static page (plain HTML, vanilla JS, inline SVG; no CDN, no build step) that
 *       polls the endpoints below
 *   <li>{@code /api/config}: {@code {"text": "..."}}; {@code /api/actors}; {@code
 *       /api/trajectories}; {@code /api/summary}
 *   <li>{@code /api/metrics?since=N}: {@code {"next": M, "skipped": K, "events": [...]}}, the
 *       events from position N on, each as its {@code metrics.jsonl} object
 *   <li>{@code /metrics}: Prometheus text format ({@link StatusMetrics})
 * </ul>
 */
public final class StatusServer implements AutoCloseable {
  /** The only address the server binds. */
  public static final String HOST = "127.0.0.1";

  private final Javalin app;
  private final String page;

  private StatusServer(RunStatusSource source, int port) {
    this.page = loadPage();
    StatusMetrics metrics = new StatusMetrics(source);
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.routes.get("/", ctx -> ctx.html(page));
              config.routes.get(
                  "/api/config",
                  ctx -> json(ctx, RunJson.MAPPER.createObjectNode().put("text", source.config())));
              config.routes.get("/api/actors", ctx -> json(ctx, source.actors()));
              config.routes.get("/api/trajectories", ctx -> json(ctx, source.trajectories()));
              config.routes.get("/api/summary", ctx -> json(ctx, source.summary()));
              config.routes.get("/api/metrics", ctx -> json(ctx, metricsPage(source, ctx)));
              config.routes.get(
                  "/metrics",
                  ctx -> ctx.contentType(metrics.contentType()).result(metrics.scrape()));
            });
    try {
      app.start(HOST, port);
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException) {
          throw new IllegalStateException(
              "cannot serve the status page on "
                  + HOST
                  + ":"
                  + port
                  + ": the port is in use; choose another UI port (0 = any free port)",
              e);
        }
      }
      throw e;
    }
  }

  /**
   * Starts serving {@code source} on 127.0.0.1:{@code port} ({@code 0}: any free port, see {@link
   * #port()}).
   */
  public static StatusServer start(RunStatusSource source, int port) {
    Objects.requireNonNull(source, "source");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("ui port must be in 0..65535: " + port);
    }
    return new StatusServer(source, port);
  }

  public int port() {
    return app.port();
  }

  public URI uri() {
    return URI.create("http://" + HOST + ":" + port() + "/");
  }

  @Override
  public void close() {
    app.stop();
  }

  private static ObjectNode metricsPage(RunStatusSource source, Context ctx) {
    String raw = ctx.queryParam("since");
    long since;
    try {
      since = raw == null || raw.isBlank() ? 0 : Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new BadRequestResponse("since must be a whole number >= 0, got '" + raw + "'");
    }
    if (since < 0) {
      throw new BadRequestResponse("since must be a whole number >= 0, got " + since);
    }
    RunStatusSource.MetricsPage page = source.metrics(since);
    ObjectNode out = RunJson.MAPPER.createObjectNode();
    out.put("next", page.next());
    out.put("skipped", source.skipped());
    ArrayNode events = out.putArray("events");
    for (MetricEvent e : page.events()) {
      events.add(RunJson.metricNode(e));
    }
    return out;
  }

  private static void json(Context ctx, Object value) {
    ctx.contentType("application/json").result(RunJson.write(value));
  }

  private static String loadPage() {
    try (InputStream in = StatusServer.class.getResourceAsStream("index.html")) {
      if (in == null) {
        throw new IllegalStateException("status page resource index.html missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the status page resource", e);
    }
  }
}
