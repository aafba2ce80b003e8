package dev.arbor.app.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.actors.ActorRole;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobConfigReaderTest {

  static Path shipped() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path f = d.resolve("resources/jobs/arithmetic.yaml");
      if (f.toFile().isFile()) {
        return f;
      }
    }
    throw new IllegalStateException("resources/jobs/arithmetic.yaml not found");
  }

  static final String MINIMAL = "job: t\nmodel: {config: tiny}\nsuite: {name: echo}\n";

  @Test
  void readsTheShippedArithmeticJob() {
    JobConfig c = JobConfigReader.read(shipped());
    assertThat(c.job()).isEqualTo("arithmetic");
    assertThat(c.runName()).isEqualTo("arithmetic");
    assertThat(c.suite().levels()).containsExactly(1, 2);
    assertThat(c.roles().policy().count()).isEqualTo(1);
    assertThat(c.roles().sandbox().count()).isEqualTo(1);
    assertThat(c.roles().sandbox().resources()).containsEntry("sandbox", 1.0);
    assertThat(c.roles().byRole().get(ActorRole.TRAINER).maxRestarts()).isZero();
    assertThat(c.train().staleness()).isZero();
    assertThat(c.roles().totalResources())
        .isEqualTo(Map.of("CPU", 4.0, "policy", 1.0, "sandbox", 1.0, "trainer", 1.0));
  }

  @Test
  void leftOutKeysTakeTheirDefaults() {
    JobConfig c = JobConfigReader.parse(MINIMAL + "train: {steps: 7}\n", "mini.yaml");
    assertThat(c.train().steps()).isEqualTo(7);
    assertThat(c.train().estimator()).isEqualTo("grpo");
    assertThat(c.rollout().groupSize()).isEqualTo(4);
    assertThat(c.roles().policy().count()).isEqualTo(1);
  }

  @Test
  void unknownKeysAreRejectedWithTheAllowedOnes() {
    assertThatThrownBy(() -> JobConfigReader.parse(MINIMAL + "train: {stpes: 7}\n", "a.yaml"))
        .isInstanceOf(JobConfigException.class)
        .hasMessageContaining("a.yaml")
        .hasMessageContaining("train.stpes")
        .hasMessageContaining("steps")
        .hasMessageContaining("batch_tokens");
    assertThatThrownBy(
            () -> JobConfigReader.parse(MINIMAL + "roles: {critic: {count: 1}}\n", "b.yaml"))
        .hasMessageContaining("roles.critic")
        .hasMessageContaining("tree_manager");
  }

  @Test
  void badValuesNameFileKeyAndRange() {
    assertThatThrownBy(
            () -> JobConfigReader.parse(MINIMAL + "roles: {policy: {count: 0}}\n", "c.yaml"))
        .hasMessageContaining("c.yaml")
        .hasMessageContaining("roles")
        .hasMessageContaining("policy.count");
    assertThatThrownBy(() -> JobConfigReader.parse(MINIMAL + "rollout: {top_p: 1.5}\n", "d.yaml"))
        .hasMessageContaining("d.yaml: rollout: top_p must be in (0, 1], got 1.5");
    assertThatThrownBy(() -> JobConfigReader.parse(MINIMAL + "train: {scaler: magic}\n", "e.yaml"))
        .hasMessageContaining("e.yaml: train:")
        .hasMessageContaining("magic");
    assertThatThrownBy(
            () -> JobConfigReader.parse(MINIMAL + "train: {prune_method: magic}\n", "e2.yaml"))
        .hasMessageContaining("e2.yaml: train:")
        .hasMessageContaining("prune_method must be one of 'entropy', 'advantage-entropy'")
        .hasMessageContaining("got 'magic'");
    assertThatThrownBy(
            () ->
                JobConfigReader.parse(
                    MINIMAL + "roles: {sandbox: {resources: {sandbox: -1}}}\n", "f.yaml"))
        .hasMessageContaining("roles.sandbox")
        .hasMessageContaining("resources.sandbox must be a number > 0, got -1.0");
    assertThatThrownBy(() -> JobConfigReader.parse("job: t\nsuite: {name: echo}\n", "g.yaml"))
        .hasMessageContaining("g.yaml: model:")
        .hasMessageContaining("exactly one of 'config'");
    assertThatThrownBy(() -> JobConfigReader.parse("job: [x\n", "h.yaml"))
        .hasMessageContaining("h.yaml: not valid YAML");
  }

  @Test
  void overridesReplaceCountsStepsAndRun() {
    JobConfig c = JobConfigReader.read(shipped());
    JobConfig o = c.withOverrides(new JobConfig.Overrides(3, 5, 11, "try-2", true));
    assertThat(o.roles().policy().count()).isEqualTo(3);
    assertThat(o.roles().sandbox().count()).isEqualTo(5);
    assertThat(o.roles().sandbox().resources()).isEqualTo(c.roles().sandbox().resources());
    assertThat(o.train().steps()).isEqualTo(11);
    assertThat(o.runName()).isEqualTo("try-2");
    assertThat(o.resume()).isTrue();
    assertThat(c.withOverrides(JobConfig.Overrides.none())).isEqualTo(c);
    assertThatThrownBy(() -> c.withOverrides(new JobConfig.Overrides(0, null, null, null, null)))
        .hasMessageContaining("policy.count");
  }

  @Test
  void setOverridesAnyKeyWithAYamlValue() {
    JobConfig c =
        JobConfigReader.read(
            shipped(),
            List.of(
                "train.scaler=none",
                "train.packing=flat",
                "seed=18",
                "suite.levels=[1, 3]",
                "train.sft_lr=1e-3",
                "train.sft_min_lr_ratio=0.01",
                "train.eval_samples=4",
                "train.loss_normalization=sequence-mean",
                "train.prune_method=gradient-density",
                "train.rl_fresh_optimizer=false"));
    assertThat(c.train().scaler()).isEqualTo("none");
    assertThat(c.train().packing()).isEqualTo("flat");
    assertThat(c.train().pruneMethod()).isEqualTo("gradient-density");
    assertThat(c.train().rlFreshOptimizer()).isFalse();
    assertThat(Job.trainerSpec(c, null).rlFreshOptimizer()).isFalse();
    assertThat(Job.treeManagerSpec(c).toConfig().pruneMethod())
        .isEqualTo(dev.arbor.tree.prune.PruneMethod.GRADIENT_DENSITY);
    assertThat(c.seed()).isEqualTo(18);
    assertThat(c.suite().levels()).containsExactly(1, 3);
    assertThat(c.train().sftLr()).isEqualTo(1e-3);
    assertThat(c.train().sftMinLrRatio()).isEqualTo(0.01);
    assertThat(c.train().evalSamples()).isEqualTo(4);
    assertThat(c.train().lossNormalization()).isEqualTo("sequence-mean");
    assertThat(c.train().steps())
        .as("untouched")
        .isEqualTo(JobConfigReader.read(shipped()).train().steps());
  }

  @Test
  void aBadSetNamesItself() {
    assertThatThrownBy(() -> JobConfigReader.read(shipped(), List.of("train.scaler")))
        .isInstanceOf(JobConfigException.class)
        .hasMessageContaining("--set train.scaler: expected KEY.PATH=VALUE");
    assertThatThrownBy(() -> JobConfigReader.read(shipped(), List.of("train.stpes=3")))
        .isInstanceOf(JobConfigException.class)
        .hasMessageContaining("with --set train.stpes=3")
        .hasMessageContaining("unknown key 'train.stpes'");
    assertThatThrownBy(() -> JobConfigReader.read(shipped(), List.of("seed.x=3")))
        .isInstanceOf(JobConfigException.class)
        .hasMessageContaining("'seed' is a value");
    assertThatThrownBy(() -> JobConfigReader.read(shipped(), List.of("train.packing=dense")))
        .isInstanceOf(JobConfigException.class)
        .hasMessageContaining("packing must be 'tree' or 'flat', got 'dense'");
    assertThatThrownBy(() -> JobConfigReader.read(shipped(), List.of("train.sft_min_lr_ratio=2")))
        .isInstanceOf(JobConfigException.class)
        .hasMessageContaining("sft_min_lr_ratio must be in [0, 1], got 2.0");
    assertThatThrownBy(() -> JobConfigReader.read(shipped(), List.of("train.eval_samples=-1")))
        .isInstanceOf(JobConfigException.class)
        .hasMessageContaining("eval_samples");
    assertThatThrownBy(
            () -> JobConfigReader.read(shipped(), List.of("train.loss_normalization=sum")))
        .isInstanceOf(JobConfigException.class)
        .hasMessageContaining("loss_normalization must be 'token-mean' or 'sequence-mean'");
  }

  @Test
  void flatPackingCannotBeCombinedWithPruning() {
    assertThatThrownBy(
            () ->
                JobConfigReader.read(
                    shipped(), List.of("train.packing=flat", "train.keep_fraction=0.5")))
        .isInstanceOf(JobConfigException.class)
        .hasMessageContaining("keep_fraction must be 1");
  }
}
