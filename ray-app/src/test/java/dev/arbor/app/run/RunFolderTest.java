package dev.arbor.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.trainer.train.MetricsFileListener;
import dev.arbor.trainer.train.StepMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {
  @TempDir Path tmp;

  @Test
  void writesEveryFileAndReadsItBack() throws Exception {
    Path dir = tmp.resolve("runs/demo");
    try (RunFolder run = RunFolder.create(dir, SyntheticRun.CONFIG)) {
      SyntheticRun.fill(run);
      run.summary(Map.of("final_reward", 0.8, "steps", 30));
      assertThat(run.checkpointsDir()).isDirectory();
    }
    RunFiles files = new RunFiles(dir);
    assertThat(files.config()).isEqualTo(SyntheticRun.CONFIG);
    assertThat(files.actors()).isEqualTo(SyntheticRun.actors());
    assertThat(files.trajectories(10))
        .containsExactly(
            SyntheticRun.trajectory(0), SyntheticRun.trajectory(1), SyntheticRun.trajectory(2));
    assertThat(files.summary()).containsEntry("final_reward", 0.8).containsEntry("steps", 30);
    List<MetricEvent> events = MetricsTail.readAll(dir.resolve(RunFolder.METRICS));
    assertThat(events).hasSize(30);
    assertThat(events.get(4)).isEqualTo(SyntheticRun.rl(5));
    assertThat(files.skipped()).isZero();
  }

  @Test
  void refusesToClobberAnExistingRunButResumesIt() throws Exception {
    Path dir = tmp.resolve("run");
    try (RunFolder run = RunFolder.create(dir, "a: 1\n")) {
      run.metric(SyntheticRun.rl(1));
      run.actor(SyntheticRun.actors().get(0));
    }
    assertThatThrownBy(() -> RunFolder.create(dir, "a: 2\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already exists");
    try (RunFolder run = RunFolder.resume(dir, 5)) {
      run.metric(SyntheticRun.rl(2));
      for (int i = 0; i < 7; i++) {
        run.trajectory(SyntheticRun.trajectory(i));
      }
      assertThat(Files.readAllLines(dir.resolve(RunFolder.TRAJECTORIES))).hasSizeBetween(5, 10);
      run.actor(SyntheticRun.actors().get(1));
      assertThat(run.actors()).hasSize(2);
    }
    assertThat(MetricsTail.readAll(dir.resolve(RunFolder.METRICS)))
        .extracting(MetricEvent::step)
        .containsExactly(1L, 2L);
    assertThat(new RunFiles(dir).config()).isEqualTo("a: 1\n");
    try (RunFolder run = RunFolder.resume(dir, 5)) {
      run.trajectory(SyntheticRun.trajectory(7));
    }
    assertThat(new RunFiles(dir).trajectories(100))
        .extracting(TrajectoryView::id)
        .containsExactly("traj-3", "traj-4", "traj-5", "traj-6", "traj-7");
    assertThatThrownBy(() -> RunFolder.resume(tmp.resolve("nothing"), 5))
        .hasMessageContaining("no config.yaml");
  }

  @Test
  void keepsOnlyTheNewestTrajectoriesOnDisk() throws Exception {
    Path dir = tmp.resolve("run");
    try (RunFolder run = RunFolder.create(dir, "", 4)) {
      for (int i = 0; i < 23; i++) {
        run.trajectory(SyntheticRun.trajectory(i));
        assertThat(Files.readAllLines(dir.resolve(RunFolder.TRAJECTORIES))).hasSizeLessThan(9);
      }
    }
    assertThat(new RunFiles(dir).trajectories(4))
        .extracting(TrajectoryView::id)
        .containsExactly("traj-19", "traj-20", "traj-21", "traj-22");
  }

  @Test
  void concurrentWritersLoseNoLine() throws Exception {
    Path dir = tmp.resolve("run");
    try (RunFolder run = RunFolder.create(dir, "")) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int base = t * 1000;
        Thread thread =
            new Thread(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    run.metric(SyntheticRun.rl(base + i));
                    run.trajectory(SyntheticRun.trajectory(base + i));
                  }
                });
        thread.start();
        threads.add(thread);
      }
      for (Thread t : threads) {
        t.join();
      }
    }
    MetricsTail tail = new MetricsTail(dir.resolve(RunFolder.METRICS));
    assertThat(tail.poll()).hasSize(800);
    assertThat(tail.skippedLines()).isZero();
    RunFiles files = new RunFiles(dir);
    // the file holds between the limit and twice the limit, all of them whole
    assertThat(files.trajectories(1000)).hasSizeBetween(50, 100).doesNotHaveDuplicates();
    assertThat(files.skipped()).isZero();
  }

  @Test
  void readsTheTrainersOwnMetricsFile() throws Exception {
    Path file = tmp.resolve("metrics.jsonl");
    StepMetrics m =
        new StepMetrics(3, 1e-4, 0.5, 1.2, 0.1, 1.0, 0.02, 1.3, 2, 8, 400, 900, 300, 200);
    try (MetricsFileListener listener = new MetricsFileListener(file)) {
      listener.onStep(m);
    }
    MetricEvent e = MetricsTail.readAll(file).get(0);
    assertThat(e.phase()).isEqualTo(MetricEvent.DEFAULT_PHASE);
    assertThat(e.step()).isEqualTo(3);
    // the same names as this module's listener writes
    Map<String, Double> ours = RunMetricsListener.fields(m);
    assertThat(ours).containsAllEntriesOf(e.values());
    assertThat(ours).containsEntry("mean_kl", 0.02).containsEntry("tokens_per_second", 2000.0);
  }

  @Test
  void metricsTailWaitsForUnfinishedLinesAndSkipsMalformedOnes() throws Exception {
    Path file = tmp.resolve("metrics.jsonl");
    MetricsTail tail = new MetricsTail(file);
    assertThat(tail.poll()).isEmpty();
    Files.writeString(
        file,
        RunJson.metricLine(SyntheticRun.rl(1))
            + "\n{broken\n[1,2]\n{\"loss\": 1}\n"
            + RunJson.metricLine(SyntheticRun.rl(2)).substring(0, 10));
    assertThat(tail.poll()).extracting(MetricEvent::step).containsExactly(1L);
    assertThat(tail.skippedLines()).isEqualTo(3);
    Files.writeString(
        file,
        Files.readString(file).substring(0, Files.readString(file).length() - 10)
            + RunJson.metricLine(SyntheticRun.rl(2))
            + "\n");
    assertThat(tail.poll()).extracting(MetricEvent::step).containsExactly(2L);
  }

  @Test
  void reservedFieldNamesAreRejected() {
    assertThatThrownBy(() -> new MetricEvent(0, "rl", 1, Map.of("step", 1.0)))
        .hasMessageContaining("'step' is reserved");
  }
}
