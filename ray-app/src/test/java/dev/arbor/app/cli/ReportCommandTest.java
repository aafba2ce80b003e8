package dev.arbor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.app.run.RunFolder;
import dev.arbor.app.run.SyntheticRun;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
  @TempDir Path tmp;

  @Test
  void printsTheSummaryAndWritesPlots() throws Exception {
    Path dir = tmp.resolve("run");
    try (RunFolder run = RunFolder.create(dir, SyntheticRun.CONFIG)) {
      SyntheticRun.fill(run);
      run.summary(Map.of("final_reward", 0.81));
    }
    CliHarness.Result r = CliHarness.run("report", "--run", dir.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("final_reward: 0.81")
        .contains("last rl step 30 (30 events): reward=")
        .contains(dir.resolve("plots/reward.png").toString());
    assertThat(dir.resolve("plots/busy_fraction.png")).isRegularFile();
  }

  @Test
  void aRunWithoutSummaryOrMetricsSaysSo() throws Exception {
    Path dir = tmp.resolve("new");
    RunFolder.create(dir, "").close();
    CliHarness.Result r = CliHarness.run("report", "--run", dir.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("not written yet").contains("metrics: none yet");
  }

  @Test
  void aMissingFolderIsAUsageError() {
    CliHarness.Result r = CliHarness.run("report", "--run", tmp.resolve("x").toString());
    assertThat(r.exitCode()).isEqualTo(ArborCli.EXIT_USAGE);
    assertThat(r.err()).contains("does not exist");
  }
}
