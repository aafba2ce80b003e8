package dev.arbor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.app.cli.CliHarness.Result;
import dev.arbor.app.job.JobConfigReader;
import dev.arbor.app.ray.RaySession;
import dev.arbor.app.ray.RayTarget;
import dev.arbor.app.run.RunFolder;
import dev.arbor.app.train.HeldOutEval;
import dev.arbor.app.train.TrainDriver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code arbor eval} on a checkpoint written by a tiny LOCAL training run. */
class EvalCommandTest {
  private static final String JOB =
      """
      job: tiny-eval
      seed: 3
      model: {config: tiny}
      suite: {name: arithmetic-tools, levels: [1]}
      roles:
        policy:  {count: 1}
        sandbox: {count: 1}
      rollout: {group_size: 2, max_turns: 2, max_new_tokens: 16, max_episode_tokens: 48,
                envs_per_sandbox: 4}
      train: {lr: 1.0e-3, steps: 1, batch_tokens: 100000, staleness: 0, checkpoint_every: 1,
              sft_steps: 1, sft_episodes: 2, eval_tasks: 0, groups_per_step: 1}
      """;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void scoresACheckpointOfATrainingRun(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("runs/tiny");
    try (RunFolder folder = RunFolder.create(run, JOB);
        RaySession ray = RaySession.start(RayTarget.local(), "arbor-test", run)) {
      new TrainDriver(
              JobConfigReader.parse(JOB, "tiny job"),
              ray,
              run,
              folder,
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
          .run();
    }
    Path checkpoint = run.resolve("checkpoints/step-2"); // 1 SFT + 1 RL step
    assertThat(checkpoint.resolve("config.json")).exists();

    Result r = eval(checkpoint, "3", "--max-turns", "2", "--max-new-tokens", "16", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode node = new ObjectMapper().readTree(r.out());
    assertThat(node.get("count").asInt()).isEqualTo(3);
    assertThat(node.get("episodes").asInt() + node.get("infra_failed").asInt()).isEqualTo(3);
    double rate = node.get("solve_rate").asDouble();
    assertThat(rate).isBetween(0.0, 1.0);
    assertThat(node.get("solve_rate_ci95_low").asDouble()).isBetween(0.0, rate);
    assertThat(node.get("solve_rate_ci95_high").asDouble()).isBetween(rate, 1.0);
    assertThat(node.get("mode").asText()).isEqualTo("local");
    assertThat(node.has("turns_per_solved")).isTrue();
    assertThat(node.has("calls_per_turn")).isTrue();

    Result text = eval(checkpoint, "2", "--samples", "2", "--temperature", "1.0");
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out())
        .contains(
            "solve rate",
            "95% Wilson interval",
            "tool calls per turn",
            "sampled solve rate",
            "2 samples per task at temperature 1.0");

    Result bad = CliHarness.run("eval", "--checkpoint", checkpoint.toString(), "--samples", "-1");
    assertThat(bad.exitCode()).isEqualTo(ArborCli.EXIT_USAGE);
    assertThat(bad.err()).contains("--samples must be >= 0");
  }

  /** {@code arbor eval} of {@code checkpoint} on the first {@code count} level-1 tasks. */
  private static Result eval(Path checkpoint, String count, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "eval", "--checkpoint", checkpoint.toString(), "--levels", "1", "--count", count));
    args.addAll(List.of(more));
    return CliHarness.run(args.toArray(String[]::new));
  }

  @Test
  void aFolderWithoutCheckpointIsAUsageErrorNamingIt(@TempDir Path dir) {
    Result r = CliHarness.run("eval", "--checkpoint", dir.toString());
    assertThat(r.exitCode()).isEqualTo(ArborCli.EXIT_USAGE);
    assertThat(r.err()).contains("--checkpoint", "no config.json");
  }

  @Test
  void wilsonIntervalMatchesTheTextbookValue() {
    double[] ci = HeldOutEval.wilson95(0.5, 10); // 5 of 10: [0.2366, 0.7634]
    assertThat(ci[0]).isCloseTo(0.2366, within(1e-4));
    assertThat(ci[1]).isCloseTo(0.7634, within(1e-4));
    double[] none = HeldOutEval.wilson95(0.0, 20); // 0 of 20: [0, 0.1611]
    assertThat(none[0]).isCloseTo(0.0, within(1e-9));
    assertThat(none[1]).isCloseTo(0.1611, within(1e-4));
  }
}
