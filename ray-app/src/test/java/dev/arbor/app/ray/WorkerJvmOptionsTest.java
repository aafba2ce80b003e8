package dev.arbor.app.ray;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class WorkerJvmOptionsTest {

  @Test
  void findsAddOpensInBothSpellings() {
    List<String> args =
        List.of(
            "-Xmx4g",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.nio=ALL-UNNAMED",
            "-Dai.djl.offline=true");
    assertThat(WorkerJvmOptions.addOpens(args))
        .containsExactly(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED");
  }

  @Test
  void appendsAfterExistingIndicesWithoutDuplicates() {
    Properties props = new Properties();
    props.setProperty("ray.job.jvm-options.0", "-Xmx1g");
    props.setProperty("ray.job.jvm-options.1", "--add-opens=java.base/java.lang=ALL-UNNAMED");

    List<String> all =
        WorkerJvmOptions.append(
            props,
            List.of(
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.nio=ALL-UNNAMED"));

    assertThat(all)
        .containsExactly(
            "-Xmx1g",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED");
    assertThat(props.getProperty("ray.job.jvm-options.2"))
        .isEqualTo("--add-opens=java.base/java.nio=ALL-UNNAMED");
    assertThat(props).hasSize(3);
  }

  @Test
  void thisTestJvmHasTheProjectOpens() {
    // Surefire's argLine carries the root pom's arbor.jvm.opens.
    List<String> opens =
        WorkerJvmOptions.addOpens(
            java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    assertThat(opens).contains("--add-opens=java.base/java.lang=ALL-UNNAMED");
  }

  @Test
  void forwardsDjlSettingsAsSystemProperties() {
    Properties props = new Properties();
    props.setProperty("ai.djl.offline", "true");
    props.setProperty("ai.djl.pytorch.num_threads", "1");
    props.setProperty("java.home", "/jdk");
    assertThat(WorkerJvmOptions.djlProperties(props))
        .containsExactly("-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1");
  }
}
