package dev.arbor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link ArborCli#main} in a child JVM, as the launcher does, to check what reaches a real
 * stdout (in-process tests capture picocli's writers and cannot see a missing flush).
 */
class LauncherProcessTest {

  @Test
  void inspectPrintsTheSummaryToARealStdout() throws Exception {
    Path sample = null;
    for (Path d = Path.of("").toAbsolutePath(); d != null && sample == null; d = d.getParent()) {
      Path candidate = d.resolve("resources/samples/agentic-trees.arrow");
      sample = Files.exists(candidate) ? candidate : null;
    }
    assertThat(sample).as("shipped sample").isNotNull();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ArborCli.class.getName());
    command.addAll(List.of("tree", "inspect", sample.toString()));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(out).contains("trajectories:           12").contains("shared prefix:");
  }

  /**
   * Ray.init() points the driver's logging at stdout; after a Ray session starts, stdout must still
   * hold nothing but the benchmark's JSON.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aBenchmarkOnRayPrintsOnlyJsonToStdout(@TempDir Path dir) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-Dai.djl")) {
        command.add(arg);
      }
    }
    command.add("-Darbor.log.level=INFO"); // Arbor's own INFO lines exist after Ray starts
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ArborCli.class.getName());
    command.addAll(
        List.of(
            "bench",
            "pipeline",
            "--json",
            "--steps",
            "1",
            "--staleness",
            "0",
            "--out",
            dir.toString()));
    Path err = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(150, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("exit; stderr:%n%s", Files.readString(err)).isZero();
    assertThat(out.strip()).as("stdout").startsWith("{").endsWith("}");
    JsonNode json = new ObjectMapper().readTree(out);
    assertThat(json.get("benchmark").asText()).isEqualTo("pipeline");
    assertThat(Files.readString(err)).as("the logs went to stderr").contains("INFO");
  }
}
