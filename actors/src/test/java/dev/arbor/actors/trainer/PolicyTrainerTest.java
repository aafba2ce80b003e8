package dev.arbor.actors.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import dev.arbor.actors.ModelSpec;
import dev.arbor.actors.Wire;
import dev.arbor.actors.policy.Policy;
import dev.arbor.actors.policy.PolicySpec;
import dev.arbor.actors.treemanager.TrajectoryCodec;
import dev.arbor.actors.treemanager.TreeManager;
import dev.arbor.actors.treemanager.TreeManagerSpec;
import dev.arbor.trainer.train.StepMetrics;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.synth.SyntheticWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The trainer, tree manager and policy cores wired by hand, as the actors are by Ray. */
class PolicyTrainerTest {
  static final ModelSpec TINY = new ModelSpec("tiny", null, 3);

  @Test
  void trainsOnTreeManagerBatchesAndPublishesWeightsThePolicyLoads(@TempDir Path run)
      throws Exception {
    SyntheticWorkload work = new SyntheticWorkload(2, 3, 2, 6, 4, 2, 3, 1, 264, 9);
    TreeManager manager = treeManager(1);
    TrainerSpec spec =
        new TrainerSpec(
            TINY, 1e-3, 1e-3, 0, 0.1, 1.0, "token-mean", 0, true, run.toString(), 1, false);
    try (PolicyTrainer trainer = new PolicyTrainer(Wire.read(Wire.write(spec), TrainerSpec.class));
        Policy policy = new Policy(new PolicySpec(TINY, 2, 1.0, 1.0, 4, 4, 64, "length", 1))) {
      for (int step = 1; step <= 2; step++) {
        byte[] batch = nextBatch(manager, work, step);
        StepMetrics m = Wire.read(Wire.write(trainer.train(batch)), StepMetrics.class);
        assertThat(m.step()).isEqualTo(step);
        assertThat(m.trees()).isEqualTo(2);
        assertThat(trainer.version()).isEqualTo(step);
        manager.policyVersion(trainer.version());
      }
      policy.loadWeights(trainer.version(), trainer.weights());
      assertThat(policy.version()).isEqualTo(2);
      // The policy's rollouts are tagged with its version and decode for the tree manager.
      List<Trajectory> rolled = TrajectoryCodec.decode(policy.rollout("t0", "g0", "1+1="));
      assertThat(rolled).hasSize(2);
      assertThat(rolled.get(0).segments().get(1).version(0)).isEqualTo(2);
    }
    assertThat(Files.readAllLines(run.resolve("trainer-metrics.jsonl"))).hasSize(2);
    assertThat(run.resolve("checkpoints/step-2")).isDirectory();
  }

  @Test
  void aKlCoefficientPenalisesDriftFromThePolicyAsRlStarted() throws Exception {
    SyntheticWorkload work = new SyntheticWorkload(2, 3, 2, 6, 4, 2, 3, 1, 264, 9);
    TreeManager manager = treeManager(10);
    double[] kl = new double[3];
    try (PolicyTrainer trainer =
        new PolicyTrainer(
            new TrainerSpec(
                TINY, 1e-2, 1e-3, 0, 0.1, 1.0, "token-mean", 0.1, true, null, 0, false))) {
      for (int step = 1; step <= 3; step++) {
        kl[step - 1] = trainer.train(nextBatch(manager, work, step)).meanKl();
        manager.policyVersion(trainer.version());
      }
    }
    assertThat(kl[0])
        .as("the reference is the policy of the first RL step")
        .isCloseTo(0, within(1e-6));
    assertThat(kl[1]).as("after one update the policy has moved away").isPositive();
    assertThat(kl[2]).isPositive();
  }

  @Test
  void publishedWeightsAreTheTrainersParameters(@TempDir Path run) throws Exception {
    try (PolicyTrainer trainer =
            new PolicyTrainer(
                new TrainerSpec(
                    TINY, 1e-3, 1e-3, 0, 0.1, 1, "token-mean", 0, true, null, 0, false));
        Policy policy =
            new Policy(
                new PolicySpec(new ModelSpec("tiny", null, 4), 1, 1, 1, 2, 4, 64, null, 1))) {
      byte[] weights = trainer.weights();
      try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
        Path file = run.resolve("w.safetensors");
        Files.write(file, weights);
        try (dev.arbor.trainer.io.Safetensors s = dev.arbor.trainer.io.Safetensors.open(file)) {
          NDArray embed = s.load("model.embed_tokens.weight", m);
          assertThat(embed.getShape().get(0)).isEqualTo(264);
        }
      }
      policy.loadWeights(0, weights);
      assertThat(policy.version()).isZero();
    }
  }

  /**
   * Two warm-up steps, then RL: the optimizer's moments restart at the first RL step (their origin
   * is saved with every checkpoint) unless the spec says otherwise, and a run resumed in the middle
   * of RL keeps the origin it had.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void rlStartsWithFreshOptimizerMomentsWhenAsked(boolean fresh, @TempDir Path run)
      throws Exception {
    SyntheticWorkload work = new SyntheticWorkload(2, 3, 2, 6, 4, 2, 3, 1, 264, 9);
    TreeManager manager = treeManager(10);
    long origin = fresh ? 2 : 0;
    try (PolicyTrainer trainer = new PolicyTrainer(spec(fresh, run, false))) {
      trainer.sft(work.groups().get(0));
      trainer.sft(work.groups().get(1));
      assertThat(momentOrigin(run, 2)).as("the warm-up does not reset").isZero();
      trainer.train(nextBatch(manager, work, 1));
      assertThat(trainer.version()).as("the version keeps counting").isEqualTo(3);
    }
    assertThat(momentOrigin(run, 3)).isEqualTo(origin);
    try (PolicyTrainer resumed = new PolicyTrainer(spec(fresh, run, true))) {
      assertThat(resumed.version()).isEqualTo(3);
      resumed.train(nextBatch(manager, work, 2));
    }
    assertThat(momentOrigin(run, 4)).as("no second reset on resume").isEqualTo(origin);
  }

  /** GRPO over groups of 3, no scaling or pruning, with staleness bound {@code k}. */
  private static TreeManager treeManager(int k) {
    return new TreeManager(
        new TreeManagerSpec(3, 10_000, k, "grpo", "none", 1.0, "tree", false, "entropy")
            .toConfig());
  }

  /** The synthetic groups again, with new ids, as the tree manager's next batch. */
  private static byte[] nextBatch(TreeManager manager, SyntheticWorkload work, int round)
      throws Exception {
    for (List<Trajectory> group : work.groups()) {
      manager.add(TrajectoryCodec.encode(withNewIds(group, round)));
    }
    return manager.nextBatch().orElseThrow().arrow();
  }

  private static TrainerSpec spec(boolean fresh, Path run, boolean resume) {
    return new TrainerSpec(
        TINY, 1e-3, 1e-3, 2, 0.1, 1.0, "token-mean", 0, fresh, run.toString(), 1, resume);
  }

  private static long momentOrigin(Path run, int step) throws Exception {
    Path state = run.resolve("checkpoints/step-" + step + "/trainer_state.json");
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(state.toFile())
        .path("optimizer_moment_origin")
        .asLong(-1);
  }

  private static List<Trajectory> withNewIds(List<Trajectory> group, int round) {
    return group.stream()
        .map(
            t ->
                new Trajectory(
                    t.id() + "-r" + round,
                    t.taskId(),
                    t.groupId() + "-r" + round,
                    t.segments(),
                    t.reward(),
                    t.status()))
        .toList();
  }
}
