package dev.arbor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.app.cli.CliHarness.Result;
import org.junit.jupiter.api.Test;

/** {@code arbor bench rollout}, on a tiny workload. */
class BenchRolloutCommandTest {

  @Test
  void printsTheDocumentedFields() throws Exception {
    Result r =
        CliHarness.run(
            "bench",
            "rollout",
            "--json",
            "--model",
            "tiny",
            "--group",
            "2",
            "--prompt",
            "16",
            "--new-tokens",
            "4",
            "--repeats",
            "1",
            "--warmup",
            "0");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode node = new ObjectMapper().readTree(r.out());
    for (String field :
        new String[] {
          "tokens_per_s_cached",
          "tokens_per_s_uncached",
          "prefix_hit_rate",
          "speedup",
          "ideal_speedup",
          "speedup_vs_ideal",
          "prefill_speedup",
          "cpu_ms_cached"
        }) {
      assertThat(node.has(field)).as(field).isTrue();
      assertThat(node.get(field).asDouble()).as(field).isPositive();
    }
    // Uncached: 2 x 16 prompt tokens + 2 x 3 decoded; cached: 15 once + 2 last tokens + 2 x 3.
    assertThat(node.get("computed_tokens_uncached").asLong()).isEqualTo(38);
    assertThat(node.get("computed_tokens_cached").asLong()).isEqualTo(23);
    assertThat(node.get("ideal_speedup").asDouble()).isEqualTo(Math.round(38 / 23.0 * 1e3) / 1e3);
    assertThat(node.get("prefix_hit_rate").asDouble()).isEqualTo(Math.round(15 / 32.0 * 1e4) / 1e4);
    assertThat(r.err()).contains("bench rollout: run 1");
  }

  @Test
  void aBadSizeIsOneLineNamingIt() {
    Result r =
        CliHarness.run("bench", "rollout", "--model", "tiny", "--prompt", "1", "--repeats", "1");
    assertThat(r.exitCode()).isEqualTo(ArborCli.EXIT_RUNTIME_ERROR);
    assertThat(r.err()).contains("prompt length must be >= 2").hasLineCount(1);
  }
}
