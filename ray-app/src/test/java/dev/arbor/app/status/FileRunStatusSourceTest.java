package dev.arbor.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.app.run.RunFolder;
import dev.arbor.app.run.RunJson;
import dev.arbor.app.run.SyntheticRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRunStatusSourceTest {
  @TempDir Path tmp;

  @Test
  void aFolderWithNothingInItYetIsEmpty() {
    FileRunStatusSource source = new FileRunStatusSource(tmp.resolve("not-yet"));
    assertThat(source.config()).isEmpty();
    assertThat(source.actors()).isEmpty();
    assertThat(source.metrics(0).events()).isEmpty();
    assertThat(source.trajectories()).isEmpty();
    assertThat(source.summary()).isEmpty();
    assertThat(source.latest()).isEmpty();
  }

  @Test
  void followsARunAndSkipsMalformedRecords() throws Exception {
    Path dir = tmp.resolve("run");
    try (RunFolder run = RunFolder.create(dir, SyntheticRun.CONFIG)) {
      SyntheticRun.fill(run);
      FileRunStatusSource source = new FileRunStatusSource(dir, 2);
      assertThat(source.config()).isEqualTo(SyntheticRun.CONFIG);
      assertThat(source.actors()).hasSize(3);
      assertThat(source.trajectories()).extracting(t -> t.id()).containsExactly("traj-1", "traj-2");
      assertThat(source.metrics(0).next()).isEqualTo(30);

      Files.writeString(dir.resolve(RunFolder.METRICS), "not json\n", StandardOpenOption.APPEND);
      run.metric(SyntheticRun.rl(31));
      Files.writeString(
          dir.resolve(RunFolder.TRAJECTORIES), "{\"id\": 1, oops\n", StandardOpenOption.APPEND);
      Files.writeString(dir.resolve(RunFolder.ACTORS), "[{\"name\": ");

      assertThat(source.metrics(30).events()).extracting(e -> e.step()).containsExactly(31L);
      assertThat(source.latest().get("rl").step()).isEqualTo(31);
      assertThat(source.trajectories()).hasSize(2);
      assertThat(source.actors()).isEmpty();
      assertThat(source.skipped()).isEqualTo(3);
      assertThat(RunJson.write(source.summary())).isEqualTo("{}");
    }
  }
}
