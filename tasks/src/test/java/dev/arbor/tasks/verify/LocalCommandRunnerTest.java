package dev.arbor.tasks.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCommandRunnerTest {
  private static final Duration T = Duration.ofSeconds(20);

  @Test
  void runsInTheWorkingCopyWithInputAndExitCode(@TempDir Path dir) throws Exception {
    LocalCommandRunner r = new LocalCommandRunner(dir);
    CommandResult c = r.run("pwd; cat; echo oops >&2; exit 3", "from stdin", T);
    assertThat(c.exitCode()).isEqualTo(3);
    assertThat(c.ok()).isFalse();
    assertThat(c.stdout()).contains(dir.toRealPath().toString()).contains("from stdin");
    assertThat(c.stderr()).isEqualTo("oops\n");
    assertThat(c.combinedOutput()).endsWith("oops\n");
    assertThat(r.run("true", T).ok()).isTrue();
  }

  @Test
  void timeoutKillsTheWholeProcessTree(@TempDir Path dir) throws Exception {
    LocalCommandRunner r = new LocalCommandRunner(dir);
    long start = System.nanoTime();
    CommandResult c = r.run("(sleep 30; touch late) & sleep 30", "", Duration.ofMillis(300));
    assertThat(c.timedOut()).isTrue();
    assertThat(c.exitCode()).isEqualTo(-1);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    Thread.sleep(200);
    assertThat(Files.exists(dir.resolve("late"))).isFalse();
  }

  @Test
  void outputIsCappedAndEnvironmentAdded(@TempDir Path dir) throws Exception {
    LocalCommandRunner r = new LocalCommandRunner(dir, Map.of("ARBOR_X", "42"), 10);
    CommandResult c = r.run("echo $ARBOR_X; printf '%0100d' 0", "", T);
    assertThat(c.stdout()).startsWith("42\n").contains("[... 93 bytes cut ...]");
  }

  @Test
  void rejectsAMissingWorkingCopy(@TempDir Path dir) {
    assertThatThrownBy(() -> new LocalCommandRunner(dir.resolve("nope")))
        .hasMessageContaining("not a directory");
  }
}
