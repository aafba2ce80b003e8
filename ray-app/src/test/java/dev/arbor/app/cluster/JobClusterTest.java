package dev.arbor.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.actors.sandbox.Episodes;
import dev.arbor.actors.sandbox.SandboxActor;
import dev.arbor.actors.sandbox.SandboxClient;
import dev.arbor.actors.trainer.TrainerActor;
import dev.arbor.app.job.Job;
import dev.arbor.app.job.JobConfig;
import dev.arbor.app.job.JobConfigReader;
import dev.arbor.app.job.JobFlows;
import dev.arbor.app.job.PlacementException;
import dev.arbor.app.ray.RaySession;
import dev.arbor.app.ray.RayTarget;
import dev.arbor.proto.v1.TaskSpec;
import io.ray.api.ActorHandle;
import io.ray.api.Ray;
import io.ray.api.exception.RayException;
import io.ray.api.runtimecontext.NodeInfo;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's actors on a real Ray cluster as {@code .ci/run} starts it: a head on 127.0.0.1 with the
 * tags {@code sandbox}, {@code policy} and {@code trainer} (loopback only, so one node; with {@code
 * scripts/cluster-up.sh --worker} the trainer check also holds across nodes). Workers are separate
 * JVMs; data between actors goes through the object store; sandbox actors are killed and restart.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the batch check needs policy version 0
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class JobClusterTest {
  private RaySession ray;
  private Job job;

  @BeforeAll
  void start(@TempDir Path dir) {
    String address = System.getProperty("ray.address", RayClusterSmokeTest.DEFAULT_ADDRESS);
    ray = RaySession.start(RayTarget.parse(address), "arbor-test", null);
    job = Job.start(JobFlows.echoJob("cluster-echo"), ray, dir.resolve("run"));
  }

  @AfterAll
  void stop() {
    try {
      if (job != null) {
        job.close();
      }
    } finally {
      if (ray != null) {
        ray.close();
      }
    }
  }

  @Test
  @Order(1)
  void theTrainerLandsOnTheNodeWithTheTrainerTag() {
    String trainerNode = job.trainer().task(TrainerActor::nodeId).remote().get();
    NodeInfo tagged =
        Ray.getRuntimeContext().getAllNodeInfo().stream()
            .filter(n -> n.isAlive && n.resources.containsKey("trainer"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no node has the 'trainer' tag"));
    assertThat(trainerNode).isEqualTo(tagged.nodeId.toString());
  }

  @Test
  @Order(2)
  void anArrowBatchCrossesTheObjectStoreIntact() throws Exception {
    JobFlows.arrowBatchCrossesTheObjectStoreIntact(job);
  }

  @Test
  @Order(3)
  void treeManagerAndTrainerRunTwoIterations() {
    assertThat(JobFlows.trainTwoIterations(job)).hasSize(2);
  }

  @Test
  @Order(4)
  void aKilledSandboxRestartsAndItsEpisodesComeBackInfraFailed() {
    ActorHandle<SandboxActor> actor = job.sandboxes().get(0);
    SandboxClient sandbox = new SandboxClient(actor);
    assertThat(JobFlows.echoEpisode(sandbox, "before").reward()).isEqualTo(1.0);
    long pid = actor.task(SandboxActor::pid).remote().get();
    TaskSpec task = TaskSpec.newBuilder().setId("t").setInstruction("x").build();
    assertThat(sandbox.reset("lost", task).infraFailed()).isFalse();

    actor.kill(false); // no restart suppression: Ray restarts it (max_restarts 2)
    // kill() is asynchronous: a task sent right after it may still run on the old worker.
    long restarted = pidAfterRestart(actor, pid);

    Episodes.Turn turn =
        sandbox.step("lost", "<tool_call>{\"name\": \"calc\", \"arguments\": {}}</tool_call>");
    assertThat(turn.infraFailed()).as("the episode died with its actor").isTrue();
    assertThat(sandbox.finish("lost").infraFailed()).isTrue();
    Episodes.End retried = JobFlows.echoEpisode(sandbox, "retried");
    assertThat(retried.infraFailed()).as(retried.details()).isFalse();
    assertThat(retried.reward()).isEqualTo(1.0);
    assertThat(restarted).as("a new worker").isNotEqualTo(pid);
  }

  /** Polls the actor until a worker other than {@code oldPid} answers (Ray restarted it). */
  private static long pidAfterRestart(ActorHandle<SandboxActor> actor, long oldPid) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        long pid = actor.task(SandboxActor::pid).remote().get(10_000);
        if (pid != oldPid) {
          return pid;
        }
      } catch (RayException e) {
        // dead or restarting: ask again
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for the restart", e);
      }
    }
    throw new AssertionError("the sandbox actor was not restarted within 60 s");
  }

  @Test
  @Order(5)
  void aJobNeedingAMissingTagFailsBeforeCreatingActors() {
    JobConfig big =
        JobConfigReader.parse(
            "job: too-big\nmodel: {config: tiny}\nsuite: {name: echo}\n"
                + "roles: {trainer: {count: 1, resources: {gpu_node: 2}}}\n",
            "too-big.yaml");
    assertThatThrownBy(() -> Job.start(big, ray, null))
        .isInstanceOf(PlacementException.class)
        .hasMessageContaining(
            "resource 'gpu_node': the job needs 2 (trainer 1 x 2), the cluster has 0");
    assertThat(Ray.getActor("arbor/too-big/tree_manager-0")).isEmpty();
  }
}
