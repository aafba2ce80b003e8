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

/** The trainer, tree manager and policy cores wired by hand, as the actors are by Ray. */
class PolicyTrainerTest {
  static final ModelSpec TINY = new ModelSpec("tiny", null, 3);

  @Test
  void trainsOnTreeManagerBatchesAndPublishesWeightsThePolicyLoads(@TempDir Path run)
      throws Exception {
    SyntheticWorkload work = new SyntheticWorkload(2, 3, 2, 6, 4, 2, 3, 1, 264, 9);
    TreeManager manager =
        new TreeManager(
            new TreeManagerSpec(3, 10_000, 1, "grpo", "none", 1.0, "tree", false).toConfig());
    TrainerSpec spec =
        new TrainerSpec(TINY, 1e-3, 1e-3, 0, 0.1, 1.0, "token-mean", 0, run.toString(), 1, false);
    try (PolicyTrainer trainer = new PolicyTrainer(Wire.read(Wire.write(spec), TrainerSpec.class));
        Policy policy = new Policy(new PolicySpec(TINY, 2, 1.0, 1.0, 4, 4, 64, "length", 1))) {
      for (int step = 1; step <= 2; step++) {
        for (List<Trajectory> group : work.groups()) {
          manager.add(TrajectoryCodec.encode(withNewIds(group, step)));
        }
        byte[] batch = manager.nextBatch().orElseThrow().arrow();
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
    TreeManager manager =
        new TreeManager(
            new TreeManagerSpec(3, 10_000, 10, "grpo", "none", 1.0, "tree", false).toConfig());
    double[] kl = new double[3];
    try (PolicyTrainer trainer =
        new PolicyTrainer(
            new TrainerSpec(TINY, 1e-2, 1e-3, 0, 0.1, 1.0, "token-mean", 0.1, null, 0, false))) {
      for (int step = 1; step <= 3; step++) {
        for (List<Trajectory> group : work.groups()) {
          manager.add(TrajectoryCodec.encode(withNewIds(group, step)));
        }
        kl[step - 1] = trainer.train(manager.nextBatch().orElseThrow().arrow()).meanKl();
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
                new TrainerSpec(TINY, 1e-3, 1e-3, 0, 0.1, 1, "token-mean", 0, null, 0, false));
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
