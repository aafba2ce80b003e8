package dev.arbor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobCheckCommandTest {

  @Test
  void checksAJobInLocalMode(@TempDir Path dir) throws Exception {
    Path job = dir.resolve("j.yaml");
    Files.writeString(job, "job: j\nmodel: {config: tiny}\nsuite: {name: echo}\n");
    CliHarness.Result r = CliHarness.run("job", "check", job.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("job j: 1 policy, 1 sandbox")
        .contains("LOCAL mode ignores resources");
  }

  @Test
  void aBadConfigIsARuntimeErrorNamingFileAndKey(@TempDir Path dir) throws Exception {
    Path job = dir.resolve("bad.yaml");
    Files.writeString(job, "job: j\nmodel: {config: tiny}\nsuite: {name: echo}\ntrain: {lr: 0}\n");
    CliHarness.Result r = CliHarness.run("job", "check", job.toString(), "--ray", "local");
    assertThat(r.exitCode()).isEqualTo(ArborCli.EXIT_RUNTIME_ERROR);
    assertThat(r.err()).contains("bad.yaml: train: lr must be > 0, got 0.0");
  }
}
