package dev.arbor.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.arbor.trainer.forward.AttentionKind;
import dev.arbor.trainer.forward.Forward;
import dev.arbor.trainer.loss.PolicyLoss;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryTree;
import dev.arbor.tree.advantage.AdvantageScaler;
import dev.arbor.tree.arrow.TreeRecord;
import dev.arbor.tree.pack.Normalization;
import dev.arbor.tree.pack.PackedTree;
import dev.arbor.tree.synth.SyntheticWorkload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TreeTrainerTest {
  private static final Qwen2Config CONFIG = Qwen2Config.named("tiny");

  private static List<Trajectory> group(long seed, String prefix) {
    SyntheticWorkload w = new SyntheticWorkload(1, 4, 2, 8, 5, 3, 4, 1, CONFIG.vocabSize(), seed);
    List<Trajectory> out = new ArrayList<>();
    for (Trajectory t : w.group(0)) {
      out.add(
          new Trajectory(
              prefix + t.id(), t.taskId(), t.groupId(), t.segments(), t.reward(), t.status()));
    }
    return out;
  }

  private static TreeRecord record(String id, List<Trajectory> trajectories, double[] advantages) {
    return new TreeRecord(id, PackedTree.of(TrajectoryTree.of(trajectories)), advantages);
  }

  private static TrainerConfig config() {
    return new TrainerConfig(
        PolicyLoss.ppoClip(0.2, 0.28),
        Normalization.Mode.TOKEN_MEAN,
        LrSchedule.constant(1e-3),
        1.0,
        AttentionKind.AUTO,
        true,
        AdvantageScaler.none());
  }

  @Test
  void noNdArrayLeakOver100Steps() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 1, root);
        AdamW adam = AdamW.defaults(root);
        TreeTrainer trainer = new TreeTrainer(model, null, adam, config(), root)) {
      TreeRecord tree = record("a", group(1, ""), new double[] {1, -1, 0.5, -0.5});
      trainer.step(List.of(tree));
      int after1 = root.getManagedArrays().size();
      for (int i = 0; i < 99; i++) {
        trainer.step(List.of(tree));
      }
      assertThat(root.getManagedArrays().size()).as("arrays after 100 steps").isEqualTo(after1);
      assertThat(adam.step()).isEqualTo(100);
    }
  }

  @Test
  void positiveAdvantagesGainLogProbability() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 2, root);
        AdamW adam = AdamW.defaults(root);
        TreeTrainer trainer = new TreeTrainer(model, null, adam, config(), root)) {
      List<Trajectory> g = group(2, "");
      double[] adv = {1, -1, 1, -1};
      TreeRecord tree = record("a", g, adv);
      double before = meanLogprob(model, tree.tree(), 0);
      double beforeNeg = meanLogprob(model, tree.tree(), 1);
      for (int i = 0; i < 15; i++) {
        trainer.step(List.of(tree));
      }
      double after = meanLogprob(model, tree.tree(), 0);
      double afterNeg = meanLogprob(model, tree.tree(), 1);
      // Shared tokens and common token statistics can lift both; the gap must widen.
      assertThat(after).isGreaterThan(before);
      assertThat(after - afterNeg).isGreaterThan(before - beforeNeg + 0.1);
    }
  }

  @Test
  void aStepOverTwoTreesEqualsAStepOverTheirUnion() {
    List<Trajectory> a = group(3, "a");
    List<Trajectory> b = group(4, "b");
    double[] advA = {0.7, -0.2, -0.4, 0.1};
    double[] advB = {-1, 0.3, 0.9, -0.2};
    List<Trajectory> union = new ArrayList<>(a);
    union.addAll(b);
    double[] advU = new double[8];
    System.arraycopy(advA, 0, advU, 0, 4);
    System.arraycopy(advB, 0, advU, 4, 4);
    Map<String, float[]> split = oneStep(List.of(record("a", a, advA), record("b", b, advB)));
    Map<String, float[]> joined = oneStep(List.of(record("u", union, advU)));
    for (String name : split.keySet()) {
      float[] x = split.get(name);
      float[] y = joined.get(name);
      for (int i = 0; i < x.length; i++) {
        assertThat(Math.abs(x[i] - y[i])).as("%s[%d]", name, i).isLessThan(1e-6f);
      }
    }
  }

  private static Map<String, float[]> oneStep(List<TreeRecord> trees) {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 5, root);
        AdamW adam = new AdamW(0.9, 0.999, 1e-8, 0, root);
        TreeTrainer trainer = new TreeTrainer(model, null, adam, config(), root)) {
      trainer.step(trees);
      return Gradients.copy(model.parameters());
    }
  }

  private static double meanLogprob(Qwen2Model model, PackedTree tree, int k) {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] lp = Forward.packed(model, tree, AttentionKind.DENSE, m).logprobs().toFloatArray();
      int[] idx = tree.flatIndices(k);
      double sum = 0;
      int n = 0;
      for (int i = 1; i < idx.length; i++) {
        if (tree.trainable(idx[i])) {
          sum += lp[idx[i]];
          n++;
        }
      }
      return sum / n;
    }
  }
}
