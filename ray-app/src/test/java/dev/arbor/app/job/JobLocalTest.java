package dev.arbor.app.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.actors.sandbox.Episodes;
import dev.arbor.actors.sandbox.SandboxClient;
import dev.arbor.app.ray.RaySession;
import dev.arbor.app.ray.RayTarget;
import io.ray.api.Ray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's actors in Ray's LOCAL mode (one JVM, resources ignored, no kill): the same flows as the
 * cluster tests, and the session's cleanup.
 */
class JobLocalTest {

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void actorsOfAJobWorkTogetherInLocalMode(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("runs/echo");
    Path sessionDir;
    try (RaySession ray = RaySession.start(RayTarget.local(), "arbor-test", run)) {
      sessionDir = ray.sessionDir().orElseThrow();
      assertThat(Ray.getRuntimeContext().isLocalMode()).isTrue();
      try (Job job = Job.start(JobFlows.echoJob("local-echo"), ray, run)) {
        assertThat(Ray.getActor("arbor/local-echo/trainer-0")).isPresent();
        assertThat(Ray.getActor("arbor/local-echo/sandbox-1")).isPresent();
        JobFlows.arrowBatchCrossesTheObjectStoreIntact(job);
        JobFlows.trainTwoIterations(job);
        Episodes.End end = JobFlows.echoEpisode(new SandboxClient(job.sandboxes().get(1)), "e1");
        assertThat(end.infraFailed()).isFalse();
        assertThat(end.reward()).isEqualTo(1.0);
        assertThat(new SandboxClient(job.sandboxes().get(0)).finish("never-started").infraFailed())
            .isTrue();
      }
      assertThat(Files.readAllLines(run.resolve("trainer-metrics.jsonl"))).hasSize(2);
      assertThat(run.resolve("checkpoints/step-2")).isDirectory();
    }
    assertThat(sessionDir).as("Ray's LOCAL session folder is deleted").doesNotExist();
    assertThat(System.getProperty("ray.run-mode")).as("system properties restored").isNull();
  }
}
