package dev.arbor.app.job;

import dev.arbor.actors.ActorRole;
import dev.arbor.actors.Wire;
import dev.arbor.actors.policy.PolicyActor;
import dev.arbor.actors.policy.PolicySpec;
import dev.arbor.actors.sandbox.EnvironmentFactory;
import dev.arbor.actors.sandbox.SandboxActor;
import dev.arbor.actors.trainer.TrainerActor;
import dev.arbor.actors.trainer.TrainerSpec;
import dev.arbor.actors.treemanager.TreeManagerActor;
import dev.arbor.actors.treemanager.TreeManagerSpec;
import dev.arbor.app.ray.RaySession;
import io.ray.api.ActorHandle;
import io.ray.api.Ray;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running actors of a job: after the placement check, one tree manager, one trainer, the policy
 * actors and the sandbox actors, created from a {@link JobConfig}. The pipeline driver uses the
 * handles; {@link #close()} releases the trainer and kills every actor.
 */
public final class Job implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Job.class);

  private final JobConfig config;
  private final ActorGroup<TreeManagerActor> treeManagers;
  private final ActorGroup<TrainerActor> trainers;
  private final ActorGroup<PolicyActor> policies;
  private final ActorGroup<SandboxActor> sandboxes;

  private Job(
      JobConfig config,
      ActorGroup<TreeManagerActor> treeManagers,
      ActorGroup<TrainerActor> trainers,
      ActorGroup<PolicyActor> policies,
      ActorGroup<SandboxActor> sandboxes) {
    this.config = config;
    this.treeManagers = treeManagers;
    this.trainers = trainers;
    this.policies = policies;
    this.sandboxes = sandboxes;
  }

  /**
   * Checks placement and creates the job's actors.
   *
   * @param runDir the run folder (metrics, checkpoints), on the trainer's node
   * @throws PlacementException when the cluster lacks a resource the roles need
   * @throws IllegalArgumentException when no environment is registered for the job's suite
   */
  public static Job start(JobConfig config, RaySession ray, Path runDir) {
    EnvironmentFactory.forSuite(config.suite().name());
    Roles roles = config.roles();
    if (ray.isLocal()) {
      LOG.info("Ray LOCAL mode ignores resources: placement of {} not checked", roles);
    } else {
      Placement.require(config.job(), roles, ray.nodeResources());
    }
    String job = config.job();
    String tm = Wire.write(treeManagerSpec(config));
    String trainer = Wire.write(trainerSpec(config, runDir));
    String policy = Wire.write(policySpec(config));
    int slots = config.rollout().envsPerSandbox();
    String suite = config.suite().name();
    return new Job(
        config,
        ActorGroup.create(
            job,
            ActorRole.TREE_MANAGER,
            roles.treeManager(),
            i -> Ray.actor(TreeManagerActor::new, tm, job)),
        ActorGroup.create(
            job,
            ActorRole.TRAINER,
            roles.trainer(),
            i -> Ray.actor(TrainerActor::new, trainer, job)),
        ActorGroup.create(
            job, ActorRole.POLICY, roles.policy(), i -> Ray.actor(PolicyActor::new, policy)),
        ActorGroup.create(
            job,
            ActorRole.SANDBOX,
            roles.sandbox(),
            i -> Ray.actor(SandboxActor::new, suite, slots, job)));
  }

  static TreeManagerSpec treeManagerSpec(JobConfig c) {
    TrainConfig t = c.train();
    return new TreeManagerSpec(
        c.rollout().groupSize(),
        t.batchTokens(),
        t.staleness(),
        t.estimator(),
        t.scaler(),
        t.keepFraction(),
        t.packing(),
        t.dropUniformGroups(),
        t.pruneMethod());
  }

  static TrainerSpec trainerSpec(JobConfig c, Path runDir) {
    TrainConfig t = c.train();
    return new TrainerSpec(
        c.model().spec(c.seed()),
        t.lr(),
        t.sftLr(),
        t.sftSteps(),
        t.sftMinLrRatio(),
        t.maxGradNorm(),
        t.lossNormalization(),
        t.klCoef(),
        t.rlFreshOptimizer(),
        runDir == null ? null : runDir.toAbsolutePath().toString(),
        t.checkpointEvery(),
        c.resume());
  }

  static PolicySpec policySpec(JobConfig c) {
    RolloutConfig r = c.rollout();
    return new PolicySpec(
        c.model().spec(c.seed()),
        r.groupSize(),
        r.temperature(),
        r.topP(),
        r.maxNewTokens(),
        r.maxTurns(),
        r.maxEpisodeTokens(),
        r.scorer(),
        r.torchThreads());
  }

  public JobConfig config() {
    return config;
  }

  public ActorHandle<TreeManagerActor> treeManager() {
    return treeManagers.get(0);
  }

  public ActorHandle<TrainerActor> trainer() {
    return trainers.get(0);
  }

  public List<ActorHandle<PolicyActor>> policies() {
    return policies.handles();
  }

  public List<ActorHandle<SandboxActor>> sandboxes() {
    return sandboxes.handles();
  }

  /** Closes the trainer's files and kills every actor (LOCAL mode: they end with Ray). */
  @Override
  public void close() {
    try {
      trainer().task(TrainerActor::close).remote().get();
    } catch (RuntimeException e) {
      LOG.warn("trainer did not close cleanly: {}", e.toString());
    } finally {
      for (ActorGroup<?> g : List.of(sandboxes, policies, trainers, treeManagers)) {
        g.kill();
      }
    }
  }
}
