package dev.arbor.app.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.trainer.train.StepMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong nanos = new AtomicLong();

  private String[] lines() {
    String text = bytes.toString(StandardCharsets.UTF_8);
    return text.isEmpty() ? new String[0] : text.split("\n");
  }

  @Test
  void plainLinesEveryNStepsWithRewardRateAndEta() {
    try (Progress p = new PlainProgress("rl", 200, out, 5, 3600, nanos::get)) {
      for (long step = 1; step <= 12; step++) {
        nanos.addAndGet(2_000_000_000L); // 2 s per step
        p.update(step, Map.of("reward", 0.41, "tokens_per_second", 3100.0));
      }
    }
    assertThat(lines())
        .containsExactly(
            "[rl] step 1/200 reward 0.410 tok/s 3.1k",
            "[rl] step 6/200 reward 0.410 tok/s 3.1k eta 6m28s",
            "[rl] step 11/200 reward 0.410 tok/s 3.1k eta 6m18s",
            "[rl] step 12/200 reward 0.410 tok/s 3.1k eta 6m16s");
  }

  @Test
  void plainLinesEveryNSecondsAndAlwaysTheLastStep() {
    Progress p = new PlainProgress("sft", 4, out, 1000, 10, nanos::get);
    p.update(1, Map.of("loss", 2.5));
    nanos.addAndGet(3_000_000_000L);
    p.update(2, Map.of("loss", 2.0));
    nanos.addAndGet(8_000_000_000L);
    p.update(3, Map.of("loss", 1.5));
    nanos.addAndGet(1_000_000_000L);
    p.update(4, Map.of("loss", 1.25));
    p.close();
    assertThat(lines())
        .containsExactly(
            "[sft] step 1/4 loss 2.5000",
            "[sft] step 3/4 loss 1.5000 eta 0m06s",
            "[sft] step 4/4 loss 1.2500");
  }

  @Test
  void unknownTotalHasNoEtaAndTheTrainerCanDriveIt() {
    Progress p = new PlainProgress("train", 0, out, 1, 0, nanos::get);
    StepMetrics m = new StepMetrics(7, 1e-4, 0.25, 1, 0, 1, 0, 1, 1, 4, 2000, 4000, 1000, 1000);
    p.asListener().onStep(m);
    p.close();
    assertThat(lines()).containsExactly("[train] step 7 loss 0.2500 tok/s 2.0k");
  }

  @Test
  void compactNumbers() {
    assertThat(Progress.compact(950)).isEqualTo("950");
    assertThat(Progress.compact(3140)).isEqualTo("3.1k");
    assertThat(Progress.compact(12_000_000)).isEqualTo("12.0M");
  }

  @Test
  void terminalBarShowsTheNumbers() {
    try (Progress p = new TerminalProgress("rl", 10, out)) {
      for (long step = 1; step <= 10; step++) {
        p.update(step, Map.of("reward", 0.5, "tokens_per_second", 1500.0));
      }
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("[rl]")
        .contains("10/10")
        .contains("reward 0.500 tok/s 1.5k");
  }
}
