package dev.arbor.app.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbor.app.run.MetricEvent;
import dev.arbor.app.run.RunJson;
import dev.arbor.app.run.RunLog;
import dev.arbor.app.run.SyntheticRun;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusServerTest {

  private static JsonNode json(URI base, String path) throws Exception {
    HttpResponse<String> r = Http.get(base, path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    return RunJson.MAPPER.readTree(r.body());
  }

  @Test
  void servesThePageAndTheJsonEndpointsOnLoopback() throws Exception {
    LiveRunStatus live = new LiveRunStatus(10);
    live.config(SyntheticRun.CONFIG);
    SyntheticRun.fill(live);
    try (StatusServer server = StatusServer.start(live, 0)) {
      URI base = server.uri();
      assertThat(base.getHost()).isEqualTo("127.0.0.1");
      assertThat(server.port()).isPositive();

      HttpResponse<String> page = Http.get(base, "/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
      // self-contained: no external script, style sheet or font
      assertThat(page.body())
          .contains("createElementNS", "/api/metrics?since=")
          .doesNotContain("<script src", "<link");

      assertThat(json(base, "/api/config").get("text").asText()).isEqualTo(SyntheticRun.CONFIG);
      JsonNode actors = json(base, "/api/actors");
      assertThat(actors).hasSize(3);
      assertThat(actors.get(2).get("role").asText()).isEqualTo("trainer");
      assertThat(actors.get(2).get("state").asText()).isEqualTo("RESTARTING");
      assertThat(actors.get(0).get("resources").get("policy").asDouble()).isEqualTo(1.0);
      JsonNode trajectories = json(base, "/api/trajectories");
      assertThat(trajectories).hasSize(3);
      assertThat(trajectories.get(0).get("nodes").get(2).get("role").asText())
          .isEqualTo("TOOL_CALL");
      assertThat(json(base, "/api/summary").size()).isZero();

      JsonNode all = json(base, "/api/metrics");
      assertThat(all.get("next").asLong()).isEqualTo(30);
      assertThat(all.get("events")).hasSize(30);
      assertThat(all.get("events").get(0).get("phase").asText()).isEqualTo("rl");
      assertThat(all.get("events").get(0).get("reward").isNumber()).isTrue();
      live.metric(SyntheticRun.rl(31));
      JsonNode rest = json(base, "/api/metrics?since=30");
      assertThat(rest.get("next").asLong()).isEqualTo(31);
      assertThat(rest.get("events")).hasSize(1);
      assertThat(rest.get("events").get(0).get("step").asLong()).isEqualTo(31);
      assertThat(json(base, "/api/metrics?since=99").get("events")).isEmpty();

      assertThat(Http.get(base, "/api/metrics?since=abc").statusCode()).isEqualTo(400);
      assertThat(Http.get(base, "/api/metrics?since=-1").body()).contains("since must be");
    }
  }

  @Test
  void prometheusEndpointShowsLatestValuesAndActorStates() throws Exception {
    LiveRunStatus live = new LiveRunStatus(10);
    SyntheticRun.fill(live);
    live.metric(new MetricEvent(0, "eval", 5, Map.of("reward", 0.25, "solve-rate", 0.5)));
    try (StatusServer server = StatusServer.start(live, 0)) {
      HttpResponse<String> r = Http.get(server.uri(), "/metrics");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
      assertThat(r.body())
          .contains("# TYPE arbor_run_reward gauge")
          .contains("arbor_run_reward{phase=\"eval\"} 0.25")
          .contains("arbor_run_step{phase=\"rl\"} 30.0")
          .contains("arbor_run_solve_rate{phase=\"eval\"} 0.5")
          .contains("arbor_actors{role=\"sandbox\",state=\"ALIVE\"} 1.0")
          .contains("arbor_actors{role=\"trainer\",state=\"RESTARTING\"} 1.0")
          .contains("arbor_actor_restarts{actor=\"trainer\",role=\"trainer\"} 2.0")
          .contains("arbor_skipped_records 0.0");
    }
  }

  @Test
  void anEmptyRunServesEmptyData() throws Exception {
    try (StatusServer server = StatusServer.start(new LiveRunStatus(1), 0)) {
      assertThat(json(server.uri(), "/api/actors")).isEmpty();
      assertThat(json(server.uri(), "/api/metrics").get("next").asLong()).isZero();
      assertThat(Http.get(server.uri(), "/metrics").body()).contains("arbor_skipped_records 0.0");
    }
  }

  @Test
  void teeFeedsBothLogs() {
    LiveRunStatus a = new LiveRunStatus(5);
    LiveRunStatus b = new LiveRunStatus(5);
    SyntheticRun.fill(RunLog.tee(a, b));
    assertThat(b.metrics(0).events()).isEqualTo(a.metrics(0).events()).hasSize(30);
    assertThat(b.actors()).isEqualTo(a.actors());
  }

  @Test
  void badPortIsRejected() {
    assertThatThrownBy(() -> StatusServer.start(new LiveRunStatus(1), 70000))
        .hasMessageContaining("0..65535");
  }
}
