package dev.arbor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.app.cli.CliHarness.Result;
import org.junit.jupiter.api.Test;

/** {@code arbor bench sandbox}, on a small workload. */
class BenchSandboxCommandTest {

  @Test
  void printsTheDocumentedFields() throws Exception {
    Result r =
        CliHarness.run(
            "bench",
            "sandbox",
            "--json",
            "--iterations",
            "3",
            "--warmup",
            "1",
            "--parallel",
            "8",
            "--isolation",
            "none");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode node = new ObjectMapper().readTree(r.out());
    JsonNode none = node.get("sequential").get("none");
    for (String field : new String[] {"create_destroy_ms", "run_echo_hi_ms", "episode_ms"}) {
      assertThat(none.get(field).get("p50").asDouble()).as(field).isPositive();
      assertThat(none.get(field).get("p99").asDouble()).as(field).isPositive();
      assertThat(none.get(field).get("n").asInt()).as(field).isEqualTo(3);
    }
    assertThat(none.get("episodes_per_s").asDouble()).isPositive();
    JsonNode par = node.get("parallel");
    assertThat(par.get("episodes").asInt()).isEqualTo(8);
    assertThat(par.get("failures").asInt()).isZero();
    assertThat(par.get("leftover_sandbox_folders").asInt()).isZero();
    assertThat(node.get("meets_targets").get("parallel_zero_failures").asBoolean()).isTrue();
    assertThat(r.err()).contains("bench sandbox: create+destroy: NONE");
  }

  @Test
  void anUnknownIsolationIsAUsageError() {
    Result r = CliHarness.run("bench", "sandbox", "--isolation", "docker");
    assertThat(r.exitCode()).isEqualTo(ArborCli.EXIT_USAGE);
    assertThat(r.err()).contains("unknown isolation 'docker'");
  }
}
