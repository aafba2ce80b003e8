package dev.arbor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.app.cli.CliHarness.Result;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code arbor bench pipeline} in LOCAL mode on a two-step job. */
class BenchPipelineCommandTest {

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void printsTheNumbersOfBothStalenessSettings(@TempDir Path dir) throws Exception {
    Result r =
        CliHarness.run(
            "bench", "pipeline", "--json", "--steps", "2", "--group", "2", "--out", dir.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode node = new ObjectMapper().readTree(r.out());
    assertThat(node.get("mode").asText()).isEqualTo("local");
    for (String k : new String[] {"k0", "k1"}) {
      JsonNode run = node.get(k);
      assertThat(run).as(k).isNotNull();
      assertThat(run.get("mode").asText()).isEqualTo("local");
      assertThat(run.get("trainer_busy_fraction").asDouble()).as(k).isBetween(0.0, 1.0);
      assertThat(run.get("rollout_tokens_per_s").asDouble()).as(k).isPositive();
      assertThat(run.get("object_store_mb_per_s").asDouble()).as(k).isPositive();
      assertThat(run.get("object_store_bytes").asLong()).as(k).isPositive();
      assertThat(run.get("iteration_s").asDouble()).as(k).isPositive();
      assertThat(dir.resolve(k).resolve("summary.json")).exists();
    }
    assertThat(node.get("k0").get("policy_lag_histogram").toString())
        .as("k = 0 is on-policy")
        .isEqualTo("{\"0\":4}");
  }
}
