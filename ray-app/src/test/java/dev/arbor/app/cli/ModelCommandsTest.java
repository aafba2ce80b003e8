package dev.arbor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.app.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arbor model init} and {@code arbor model score}. */
class ModelCommandsTest {

  @Test
  void initWritesACheckpointThatScoreReads(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("tiny");
    Result init = CliHarness.run("model", "init", "--config", "tiny", "--out", model.toString());
    assertThat(init.exitCode()).as(init.err()).isZero();
    assertThat(Files.exists(model.resolve("config.json"))).isTrue();
    assertThat(Files.exists(model.resolve("model.safetensors"))).isTrue();

    Result score =
        CliHarness.run("model", "score", "--model", model.toString(), "--text", "2+2=4", "--json");
    assertThat(score.exitCode()).as(score.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(score.out());
    assertThat(json.get("ids")).hasSize(5);
    assertThat(json.get("logprobs")).hasSize(5);
    for (int i = 1; i < 5; i++) {
      assertThat(json.get("logprobs").get(i).asDouble()).isNegative();
    }
    Result ids =
        CliHarness.run(
            "model", "score", "--model", model.toString(), "--ids", "50,43,50,61,52", "--json");
    assertThat(new ObjectMapper().readTree(ids.out()).get("logprobs"))
        .isEqualTo(json.get("logprobs"));
  }

  @Test
  void badInputsAreOneLineErrors(@TempDir Path dir) {
    Result missing =
        CliHarness.run("model", "score", "--model", dir.resolve("nope").toString(), "--text", "x");
    assertThat(missing.exitCode()).isEqualTo(ArborCli.EXIT_RUNTIME_ERROR);
    assertThat(missing.err()).contains("nope").hasLineCount(1);
    Result config = CliHarness.run("model", "init", "--config", "huge", "--out", dir.toString());
    assertThat(config.exitCode()).isEqualTo(ArborCli.EXIT_RUNTIME_ERROR);
    assertThat(config.err()).contains("unknown model config 'huge'");
  }
}
