package dev.arbor.trainer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.tree.TrajectoryTree;
import dev.arbor.tree.pack.PackedTree;
import dev.arbor.tree.synth.SyntheticWorkload;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pruning benchmark's cosines on synthetic trees: every method is exact at a full budget. */
class PruningBenchmarkTest {

  @Test
  void aFullBudgetReproducesTheFullGradientAndSmallerOnesStayInRange() {
    Qwen2Config config = Qwen2Config.named("tiny");
    SyntheticWorkload work = new SyntheticWorkload(4, 4, 2, 6, 5, 2, 3, 1, config.vocabSize(), 11);
    List<PackedTree> trees =
        work.groups().stream().map(g -> PackedTree.of(TrajectoryTree.of(g))).toList();
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(config, 5, root)) {
      PruningBenchmark.Result r =
          PruningBenchmark.run(model, trees, new double[] {0.25, 0.5, 1.0}, 2);
      assertThat(r.trees()).as("groups with a gradient").isPositive();
      for (double[] cosines :
          List.of(
              r.entropyCosine(),
              r.advantageEntropyCosine(),
              r.gradientDensityCosine(),
              r.randomCosine())) {
        assertThat(cosines[2]).isCloseTo(1.0, within(1e-5));
        assertThat(cosines[0]).isBetween(-1.0, 1.0);
        assertThat(cosines[1]).isBetween(-1.0, 1.0);
      }
    }
  }
}
