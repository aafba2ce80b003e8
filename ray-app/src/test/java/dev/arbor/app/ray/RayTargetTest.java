package dev.arbor.app.ray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RayTargetTest {

  @Test
  void parsesLocalAndAddresses() {
    assertThat(RayTarget.parse("local").isLocal()).isTrue();
    assertThat(RayTarget.parse(" LOCAL ").isLocal()).isTrue();
    RayTarget t = RayTarget.parse("127.0.0.1:6390");
    assertThat(t.isLocal()).isFalse();
    assertThat(t.host()).isEqualTo("127.0.0.1");
    assertThat(t.isLoopback()).isTrue();
    assertThat(RayTarget.parse("10.0.0.5:6379").isLoopback()).isFalse();
    assertThat(t).hasToString("127.0.0.1:6390");
  }

  @Test
  void rejectsWhatIsNeitherWithTheExpectedForm() {
    assertThatThrownBy(() -> RayTarget.parse("cluster"))
        .hasMessageContaining("--ray")
        .hasMessageContaining("HOST:PORT")
        .hasMessageContaining("'cluster'");
    assertThatThrownBy(() -> RayTarget.parse("host:port")).hasMessageContaining("'host:port'");
  }

  @Test
  void workersSearchTheClassPathWithoutRaysOwnRuntime() {
    String cp =
        String.join(
            java.io.File.pathSeparator,
            "/app/arbor-ray-app.jar",
            "/app/lib/djl.jar",
            "/venv/ray/jars/ray_dist.jar",
            "/m2/ray-api-2.39.0.jar",
            "/m2/ray-runtime-2.39.0.jar",
            "/app/classes");
    assertThat(RaySession.codeSearchPath(cp))
        .isEqualTo(
            String.join(
                java.io.File.pathSeparator,
                "/app/arbor-ray-app.jar",
                "/app/lib/djl.jar",
                "/app/classes"));
  }
}
