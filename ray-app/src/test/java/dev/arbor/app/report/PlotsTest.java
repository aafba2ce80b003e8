package dev.arbor.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.app.run.MetricEvent;
import dev.arbor.app.run.RunFolder;
import dev.arbor.app.run.SyntheticRun;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
  @TempDir Path tmp;

  @Test
  void plotsEveryQuantityTheRunLogged() throws Exception {
    Path dir = tmp.resolve("run");
    try (RunFolder run = RunFolder.create(dir, "")) {
      SyntheticRun.fill(run);
      for (long s = 0; s <= 30; s += 10) {
        run.metric(new MetricEvent(0, "eval", s, Map.of("reward", 0.2 + s / 100.0)));
      }
    }
    List<Path> files = Plots.render(dir);
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "reward.png",
            "solve_rate.png",
            "entropy.png",
            "loss.png",
            "kl.png",
            "busy_fraction.png");
    for (Path f : files) {
      assertThat(f).isRegularFile().hasParent(dir.resolve(Plots.DIR));
      assertThat(Files.size(f)).isGreaterThan(5_000);
      BufferedImage image = ImageIO.read(f.toFile());
      assertThat(image.getWidth()).isEqualTo(800);
      assertThat(image.getHeight()).isEqualTo(450);
    }
  }

  @Test
  void skipsQuantitiesTheRunNeverLogged() throws Exception {
    Path dir = tmp.resolve("sft");
    try (RunFolder run = RunFolder.create(dir, "")) {
      for (long s = 1; s <= 5; s++) {
        run.metric(MetricEvent.now("sft", s, Map.of("loss", 2.0 / s, "mean_entropy", 1.0)));
      }
    }
    assertThat(Plots.render(dir))
        .extracting(p -> p.getFileName().toString())
        .containsExactly("entropy.png", "loss.png");
  }

  @Test
  void anEmptyRunHasNoPlotsAndAMissingOneIsAnError() throws Exception {
    Path dir = tmp.resolve("empty");
    RunFolder.create(dir, "").close();
    assertThat(Plots.render(dir)).isEmpty();
    assertThat(dir.resolve(Plots.DIR)).doesNotExist();
    assertThatThrownBy(() -> Plots.render(tmp.resolve("nope")))
        .hasMessageContaining("does not exist");
  }

  @Test
  void aPhaseUsesThePreferredFieldOnly() {
    List<MetricEvent> events =
        List.of(
            new MetricEvent(0, "rl", 1, Map.of("kl", 0.1, "mean_kl", 0.2)),
            new MetricEvent(0, "train", 1, Map.of("mean_kl", 0.3)));
    Map<String, Plots.Series> s = Plots.series(events, List.of("kl", "mean_kl"));
    assertThat(s.get("rl").ys).containsExactly(0.1);
    assertThat(s.get("train").ys).containsExactly(0.3);
  }
}
