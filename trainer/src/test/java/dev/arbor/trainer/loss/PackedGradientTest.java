package dev.arbor.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.arbor.trainer.forward.AttentionKind;
import dev.arbor.trainer.forward.Forward;
import dev.arbor.trainer.forward.TokenScores;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.trainer.train.Gradients;
import dev.arbor.tree.TrajectoryTree;
import dev.arbor.tree.pack.FlatSequence;
import dev.arbor.tree.pack.LossWeights;
import dev.arbor.tree.pack.Normalization;
import dev.arbor.tree.pack.PackedTree;
import dev.arbor.tree.synth.SyntheticWorkload;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One packed forward/backward over a tree equals training every trajectory on its own: the loss
 * within 1e-5 relative to its scale (the sum of the trajectories' absolute losses; the loss itself
 * is a sum of terms of both signs that nearly cancel, as group advantages sum to zero), every
 * parameter gradient within 1e-4 relative error (or cosine >= 0.99999). Seeded trees with several
 * roles and branching at every turn; both normalisations; clipping, dual clip, KL and entropy terms
 * engaged.
 */
class PackedGradientTest {
  private static final Qwen2Config CONFIG = Qwen2Config.named("tiny");

  @Test
  void packedLossAndGradientsEqualTheSumOfFlatOnes() {
    PolicyLoss loss =
        PolicyLoss.ppoClip(0.2, 0.28).optDualClip(3).optKl(0.05).optEntropyBonus(0.01);
    int run = 0;
    for (Normalization norm :
        new Normalization[] {Normalization.tokenMean(), Normalization.sequenceMean()}) {
      for (AttentionKind kind : new AttentionKind[] {AttentionKind.DENSE, AttentionKind.SEGMENT}) {
        compare(11 + run, norm, kind, loss);
        run++;
      }
    }
  }

  /** The supervised loss (token-mean NLL of trainable tokens) decomposes the same way. */
  @Test
  void packedSftLossAndGradientsEqualTheSumOfFlatOnes() {
    compare(21, Normalization.tokenMean(), AttentionKind.DENSE, new SftLoss());
    compare(22, Normalization.tokenMean(), AttentionKind.SEGMENT, new SftLoss());
  }

  /**
   * A garbage collection between forward and backward leaves the gradient unchanged (bit for bit).
   * DJL wraps Java numbers in arrays over Java buffers and closes them after the op; where the
   * backward reads such an operand, a collection freed its memory and corrupted the gradient.
   */
  @Test
  void aGarbageCollectionBeforeTheBackwardDoesNotChangeTheGradient() {
    PolicyLoss loss =
        PolicyLoss.ppoClip(0.2, 0.28).optDualClip(3).optKl(0.05).optEntropyBonus(0.01);
    SyntheticWorkload w = new SyntheticWorkload(1, 5, 3, 10, 6, 3, 5, 3, CONFIG.vocabSize(), 31);
    PackedTree tree = PackedTree.of(TrajectoryTree.of(w.group(0)));
    Random random = new Random(31);
    double[] advantages = random.doubles(tree.trajectoryCount(), -1, 1).toArray();
    LossWeights weights = LossWeights.of(tree, advantages, Normalization.tokenMean());
    float[] old = new float[tree.tokenCount()];
    float[] ref = new float[tree.tokenCount()];
    for (int t = 0; t < old.length; t++) {
      old[t] = (float) (random.nextDouble() * 0.6 - 0.3) - 5.5f;
      ref[t] = (float) (random.nextDouble() * 0.2 - 0.1) - 5.5f;
    }
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 31, root)) {
      model.setRequiresGradient(true);
      for (AttentionKind kind : new AttentionKind[] {AttentionKind.DENSE, AttentionKind.SEGMENT}) {
        Map<String, float[]> quiet = null;
        for (boolean collect : new boolean[] {false, true}) {
          Gradients.zero(model.parameters());
          try (NDManager m = root.newSubManager();
              GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            LossOutput out = packedLoss(model, tree, kind, loss, old, ref, weights, m);
            if (collect) {
              collectGarbage();
            }
            gc.backward(out.loss());
          }
          Map<String, float[]> grads = Gradients.copy(model.parameters());
          if (quiet == null) {
            quiet = grads;
          } else {
            for (String name : quiet.keySet()) {
              assertThat(grads.get(name))
                  .as(kind + " gradient of " + name)
                  .isEqualTo(quiet.get(name));
            }
          }
        }
      }
    }
  }

  /** The loss of one packed forward over {@code tree}, with arrays on {@code m}. */
  private static LossOutput packedLoss(
      Qwen2Model model,
      PackedTree tree,
      AttentionKind kind,
      TreeLoss loss,
      float[] old,
      float[] ref,
      LossWeights weights,
      NDManager m) {
    TokenScores s = Forward.packed(model, tree, kind, m);
    return loss.compute(
        s.logprobs(), m.create(old), m.create(ref), s.entropies(), TokenWeights.of(weights, m));
  }

  /** Garbage, collections, and time for the cleaner to free unreachable direct buffers. */
  private static void collectGarbage() {
    for (int round = 0; round < 3; round++) {
      byte[][] junk = new byte[32][];
      for (int i = 0; i < junk.length; i++) {
        junk[i] = new byte[1 << 20];
      }
      System.gc();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void compare(long seed, Normalization norm, AttentionKind kind, TreeLoss loss) {
    SyntheticWorkload w = new SyntheticWorkload(1, 5, 3, 10, 6, 3, 5, 3, CONFIG.vocabSize(), seed);
    PackedTree tree = PackedTree.of(TrajectoryTree.of(w.group(0)));
    Random random = new Random(seed);
    double[] advantages = random.doubles(tree.trajectoryCount(), -1, 1).toArray();
    LossWeights weights = LossWeights.of(tree, advantages, norm);
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, seed, root)) {
      model.setRequiresGradient(true);
      // Behaviour and reference log-probs: the current ones, perturbed so that clipping engages.
      float[] old;
      float[] ref;
      try (NDManager m = root.newSubManager()) {
        float[] current = Forward.packed(model, tree, kind, m).logprobs().toFloatArray();
        old = new float[current.length];
        ref = new float[current.length];
        for (int t = 0; t < current.length; t++) {
          old[t] = current[t] + (float) (random.nextDouble() * 0.6 - 0.3);
          ref[t] = current[t] + (float) (random.nextDouble() * 0.2 - 0.1);
        }
      }

      Gradients.zero(model.parameters());
      double packedLoss;
      try (NDManager m = root.newSubManager();
          GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        LossOutput out = packedLoss(model, tree, kind, loss, old, ref, weights, m);
        packedLoss = out.loss().getFloat();
        if (loss instanceof PolicyLoss) {
          assertThat(out.stats().clipFraction()).isBetween(0.05, 0.95);
        }
        gc.backward(out.loss());
      }
      Map<String, float[]> packed = Gradients.copy(model.parameters());

      Map<String, float[]> flat = new LinkedHashMap<>();
      double flatLoss = 0;
      double flatScale = 0; // sum of |L_i|: the loss's scale, as GRPO losses sum to about zero
      for (int k = 0; k < tree.trajectoryCount(); k++) {
        if (weights.coefficient(k) == 0) {
          continue;
        }
        FlatSequence seq = FlatSequence.of(tree, k);
        Gradients.zero(model.parameters());
        try (NDManager m = root.newSubManager();
            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          TokenScores s = Forward.flat(model, seq, m);
          LossOutput out =
              loss.compute(
                  s.logprobs(),
                  m.create(gather(old, seq.packedIndex())),
                  m.create(gather(ref, seq.packedIndex())),
                  s.entropies(),
                  TokenWeights.flat(seq, weights.coefficient(k), advantages[k], m));
          flatLoss += out.loss().getFloat();
          flatScale += Math.abs(out.loss().getFloat());
          gc.backward(out.loss());
        }
        Gradients.copy(model.parameters())
            .forEach((name, g) -> flat.merge(name, g, PackedGradientTest::add));
      }

      String what = norm.mode() + "/" + kind;
      assertThat(Math.abs(packedLoss - flatLoss) / flatScale).as("loss " + what).isLessThan(1e-5);
      for (String name : packed.keySet()) {
        float[] p = packed.get(name);
        float[] f = flat.get(name);
        double rel = relativeError(p, f);
        double cos = cosine(p, f);
        assertThat(rel < 1e-4 || cos >= 0.99999)
            .as("%s gradient of %s: relative error %.3g, cosine %.8f", what, name, rel, cos)
            .isTrue();
      }
    }
  }

  private static float[] gather(float[] packed, int[] index) {
    float[] out = new float[index.length];
    for (int i = 0; i < index.length; i++) {
      out[i] = packed[index[i]];
    }
    return out;
  }

  private static float[] add(float[] a, float[] b) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }

  static double relativeError(float[] a, float[] b) {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < a.length; i++) {
      diff += (a[i] - b[i]) * (double) (a[i] - b[i]);
      norm += b[i] * (double) b[i];
    }
    return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * (double) b[i];
      na += a[i] * (double) a[i];
      nb += b[i] * (double) b[i];
    }
    return na == 0 && nb == 0 ? 1 : dot / Math.sqrt(na * nb);
  }
}
