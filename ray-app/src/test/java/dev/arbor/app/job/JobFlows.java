package dev.arbor.app.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.actors.Wire;
import dev.arbor.actors.policy.PolicyActor;
import dev.arbor.actors.sandbox.EchoEnvironment;
import dev.arbor.actors.sandbox.Episodes;
import dev.arbor.actors.sandbox.SandboxClient;
import dev.arbor.actors.trainer.PublishedWeights;
import dev.arbor.actors.trainer.TrainerActor;
import dev.arbor.actors.treemanager.TrajectoryCodec;
import dev.arbor.actors.treemanager.TreeManagerActor;
import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.trainer.train.StepMetrics;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.arrow.TreeArrow;
import dev.arbor.tree.arrow.TreeRecord;
import dev.arbor.tree.batch.TreeBatcher;
import dev.arbor.tree.synth.SyntheticWorkload;
import io.ray.api.ActorHandle;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import java.util.ArrayList;
import java.util.List;

/**
 * The flows of a job's actors, shared by the LOCAL-mode tests and the cluster tests: the same
 * calls, checked the same way, in one JVM or across worker processes and nodes.
 */
public final class JobFlows {
  /** Tokens fit the tiny model's vocabulary (264). */
  static final SyntheticWorkload WORK = new SyntheticWorkload(2, 2, 2, 6, 4, 2, 3, 1, 264, 21);

  static final String ECHO_JOB =
      """
      job: %s
      seed: 5
      model: {config: tiny}
      suite: {name: echo}
      roles:
        policy:       {count: 1, resources: {policy: 1}, max_restarts: 0}
        sandbox:      {count: 2, resources: {sandbox: 1}, max_restarts: 2}
        tree_manager: {count: 1, resources: {}, max_restarts: 0}
        trainer:      {count: 1, resources: {trainer: 1}, max_restarts: 0}
      rollout: {group_size: 2, max_new_tokens: 4, envs_per_sandbox: 2}
      train: {lr: 1.0e-3, batch_tokens: 100000, staleness: 1, checkpoint_every: 1}
      """;

  private JobFlows() {}

  /** A small job on the echo suite whose roles ask for the tags {@code .ci/run}'s nodes have. */
  public static JobConfig echoJob(String name) {
    return JobConfigReader.parse(ECHO_JOB.formatted(name), "echo job");
  }

  /**
   * Synthetic trajectories in, through the tree manager: the Arrow batch it puts into the object
   * store arrives byte for byte as the tree module encodes the same trees, and decodes to them.
   */
  public static void arrowBatchCrossesTheObjectStoreIntact(Job job) throws Exception {
    ActorHandle<TreeManagerActor> tm = job.treeManager();
    TreeBatcher reference = new TreeBatcher(Job.treeManagerSpec(job.config()).toConfig());
    for (List<Trajectory> group : WORK.groups()) {
      ObjectRef<byte[]> encoded = Ray.put(TrajectoryCodec.encode(group));
      assertThat(tm.task(TreeManagerActor::add, encoded).remote().get()).isEqualTo(group.size());
      group.forEach(reference::add);
    }
    List<TreeRecord> want = reference.nextBatch();
    ObjectRef<byte[]> batch = tm.task(TreeManagerActor::nextBatch).remote().get();
    assertThat(batch).as("a batch is ready").isNotNull();
    byte[] got = Ray.get(batch);
    assertThat(got).isEqualTo(TreeArrow.toStreamBytes(want));
    assertThat(TreeArrow.fromBytes(got, "object store")).isEqualTo(want);
    assertThat(tm.task(TreeManagerActor::nextBatch).remote().get()).as("drained").isNull();
  }

  /**
   * Two iterations of policy rollout -> tree manager -> trainer -> weights -> policy, the data
   * passing between actors as object references only.
   */
  public static List<StepMetrics> trainTwoIterations(Job job) {
    ActorHandle<TreeManagerActor> tm = job.treeManager();
    ActorHandle<TrainerActor> trainer = job.trainer();
    ActorHandle<PolicyActor> policy = job.policies().get(0);
    List<StepMetrics> steps = new ArrayList<>();
    for (int it = 0; it < 2; it++) {
      for (int task = 0; task < 2; task++) {
        String id = "it" + it + "-task" + task;
        ObjectRef<byte[]> rolled =
            policy.task(PolicyActor::rollout, id, id, "2+" + task + "=").remote();
        assertThat(tm.task(TreeManagerActor::add, rolled).remote().get()).isEqualTo(2);
      }
      ObjectRef<byte[]> batch = tm.task(TreeManagerActor::nextBatch).remote().get();
      assertThat(batch).isNotNull();
      StepMetrics m =
          Wire.read(trainer.task(TrainerActor::train, batch).remote().get(), StepMetrics.class);
      assertThat(m.trees()).isEqualTo(2);
      steps.add(m);
      PublishedWeights w = trainer.task(TrainerActor::publishWeights).remote().get();
      assertThat(w.version()).isEqualTo(it + 1);
      assertThat(policy.task(PolicyActor::loadWeights, w.version(), w.weights()).remote().get())
          .isEqualTo(it + 1);
      tm.task(TreeManagerActor::policyVersion, w.version()).remote().get();
    }
    assertThat(steps).extracting(StepMetrics::step).containsExactly(1L, 2L);
    return steps;
  }

  /** An echo episode on a sandbox actor, at the level of text. */
  public static Episodes.End echoEpisode(SandboxClient sandbox, String episodeId) {
    TaskSpec task =
        TaskSpec.newBuilder()
            .setId("t-" + episodeId)
            .setInstruction("say 5")
            .setReferenceAnswer("5")
            .build();
    Episodes.Start start = sandbox.reset(episodeId, task);
    if (start.infraFailed()) {
      return new Episodes.End(0, true, start.error());
    }
    Episodes.Turn turn =
        sandbox.step(
            episodeId,
            "<tool_call>{\"name\": \"submit\", \"arguments\": {\"answer\": \"5\"}}</tool_call>");
    if (turn.infraFailed()) {
      sandbox.finish(episodeId);
      return new Episodes.End(0, true, turn.text());
    }
    return sandbox.finish(episodeId);
  }

  static String suite() {
    return EchoEnvironment.SUITE;
  }
}
