package dev.arbor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.app.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arbor tree synth}, {@code arbor tree inspect} and {@code arbor bench tree}. */
class TreeCommandsTest {

  private static Result run(String... args) {
    return CliHarness.run(args);
  }

  @Test
  void synthThenInspectAsTextAndJson(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sub/trees.arrow");
    Result synth = run("tree", "synth", "--out", file.toString(), "--tasks", "4", "--seed", "5");
    assertThat(synth.exitCode()).as(synth.err()).isZero();
    assertThat(synth.err()).contains("wrote 4 trees to");
    assertThat(Files.size(file)).isPositive();

    Result text = run("tree", "inspect", file.toString());
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("trees:                  4")
        .contains("trajectories:           16")
        .contains("shared prefix:")
        .contains("task-3");

    Result json = run("tree", "inspect", "--json", file.toString());
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode node = new ObjectMapper().readTree(json.out());
    assertThat(node.get("trees").asInt()).isEqualTo(4);
    assertThat(node.get("trajectories").asInt()).isEqualTo(16);
    assertThat(node.get("packed_tokens").asLong()).isLessThan(node.get("flat_tokens").asLong());
    assertThat(node.get("per_tree")).hasSize(4);
  }

  @Test
  void theShippedSampleInspects() {
    Path sample = CliHarness.findUp("resources/samples/agentic-trees.arrow");
    Result r = run("tree", "inspect", sample.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("trees:                  3")
        .contains("trajectories:           12");
  }

  @Test
  void aMissingOrCorruptFileIsOneLineNamingIt(@TempDir Path dir) throws Exception {
    Result missing = run("tree", "inspect", dir.resolve("nope.arrow").toString());
    assertThat(missing.exitCode()).isEqualTo(ArborCli.EXIT_RUNTIME_ERROR);
    assertThat(missing.err()).contains("nope.arrow").hasLineCount(1);

    Path sample = CliHarness.findUp("resources/samples/agentic-trees.arrow");
    byte[] bytes = Files.readAllBytes(sample);
    Path cut = dir.resolve("cut.arrow");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 3));
    Result corrupt = run("tree", "inspect", cut.toString());
    assertThat(corrupt.exitCode()).isEqualTo(ArborCli.EXIT_RUNTIME_ERROR);
    assertThat(corrupt.err()).contains("cut.arrow").contains("truncated").hasLineCount(1);
  }

  @Test
  void benchTreePrintsTheDocumentedFields() throws Exception {
    Result r =
        run(
            "bench",
            "tree",
            "--json",
            "--tasks",
            "4",
            "--rollouts",
            "3",
            "--turns",
            "2",
            "--warmup",
            "0",
            "--iterations",
            "1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode node = new ObjectMapper().readTree(r.out());
    for (String field :
        new String[] {
          "trees",
          "trajectories",
          "flat_tokens",
          "packed_tokens",
          "insert_tokens_per_s",
          "pack_tokens_per_s",
          "arrow_encode_mb_per_s",
          "arrow_decode_mb_per_s"
        }) {
      assertThat(node.has(field)).as(field).isTrue();
      assertThat(node.get(field).asDouble()).as(field).isPositive();
    }
    assertThat(node.get("trees").asInt()).isEqualTo(4);
    assertThat(node.get("trajectories").asInt()).isEqualTo(12);
    assertThat(r.err()).contains("round 1/1");
  }
}
