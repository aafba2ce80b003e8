package dev.arbor.trainer.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.arbor.trainer.forward.AttentionKind;
import dev.arbor.trainer.forward.Forward;
import dev.arbor.trainer.forward.TokenScores;
import dev.arbor.trainer.loss.PolicyLoss;
import dev.arbor.trainer.loss.TokenWeights;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.trainer.train.Gradients;
import dev.arbor.tree.advantage.AdvantageEstimator;
import dev.arbor.tree.advantage.AdvantageInput;
import dev.arbor.tree.advantage.AdvantageScaler;
import dev.arbor.tree.advantage.Advantages;
import dev.arbor.tree.pack.LossWeights;
import dev.arbor.tree.pack.Normalization;
import dev.arbor.tree.pack.PackedTree;
import dev.arbor.tree.prune.PrunedTree;
import dev.arbor.tree.prune.Pruner;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well a pruned tree's gradient points where the full tree's does (DESIGN.md §6): for each
 * rollout tree, the GRPO policy-gradient of the full tree and of its pruned versions at several
 * budgets, entropy best-first, advantage-entropy and gradient-density against random pruning,
 * compared by cosine similarity. Advantages are computed on the whole group before pruning, and
 * pruned trees keep the full tree's token-mean denominator, so a pruned gradient is the full
 * gradient restricted to the kept tokens.
 */
public final class PruningBenchmark {

  /** Mean cosine similarity to the full-tree gradient at each budget, per method. */
  public record Result(
      double[] budgets,
      double[] entropyCosine,
      double[] advantageEntropyCosine,
      double[] gradientDensityCosine,
      double[] randomCosine,
      double[] entropyKeptTrajectories,
      double[] randomKeptTrajectories,
      int trees,
      int randomSeeds) {}

  private PruningBenchmark() {}

  /**
   * @param trees rollout trees with rewards
   * @param budgets fractions of each tree's packed non-prompt tokens to keep
   * @param randomSeeds random-pruning seeds averaged per tree and budget
   */
  public static Result run(
      Qwen2Model model, List<PackedTree> trees, double[] budgets, int randomSeeds) {
    int b = budgets.length;
    double[] ent = new double[b];
    double[] advEnt = new double[b];
    double[] density = new double[b];
    double[] rnd = new double[b];
    double[] entKept = new double[b];
    double[] rndKept = new double[b];
    int counted = 0;
    model.setRequiresGradient(true);
    for (PackedTree tree : trees) {
      double[] adv =
          Advantages.compute(
                  AdvantageInput.ofTree(tree), AdvantageEstimator.grpo(), AdvantageScaler.none())
              .advantages();
      long denominator = trainableTokens(tree, adv);
      if (denominator == 0 || allZero(adv)) {
        continue; // a group whose rewards are all equal has no gradient to approximate
      }
      Map<String, Double> byId = new HashMap<>();
      for (int k = 0; k < tree.trajectoryCount(); k++) {
        byId.put(tree.leaf(k).id(), adv[k]);
      }
      Map<String, float[]> full = gradient(model, tree, byId, denominator);
      for (int i = 0; i < b; i++) {
        int budget = (int) Math.round(Pruner.budgetBase(tree) * budgets[i]);
        PrunedTree e = Pruner.entropyBestFirst(budget).prune(tree);
        ent[i] += cosine(full, gradient(model, e.tree(), byId, denominator));
        entKept[i] += (double) e.keptTrajectories() / tree.trajectoryCount();
        PrunedTree a = Pruner.advantageEntropy(budget, adv).prune(tree);
        advEnt[i] += cosine(full, gradient(model, a.tree(), byId, denominator));
        PrunedTree d = Pruner.gradientDensity(budget, adv).prune(tree);
        density[i] += cosine(full, gradient(model, d.tree(), byId, denominator));
        for (int s = 0; s < randomSeeds; s++) {
          PrunedTree r = Pruner.random(budget, 1000L * counted + s).prune(tree);
          rnd[i] += cosine(full, gradient(model, r.tree(), byId, denominator)) / randomSeeds;
          rndKept[i] += (double) r.keptTrajectories() / tree.trajectoryCount() / randomSeeds;
        }
      }
      counted++;
    }
    for (int i = 0; i < b; i++) {
      ent[i] /= Math.max(1, counted);
      advEnt[i] /= Math.max(1, counted);
      density[i] /= Math.max(1, counted);
      rnd[i] /= Math.max(1, counted);
      entKept[i] /= Math.max(1, counted);
      rndKept[i] /= Math.max(1, counted);
    }
    return new Result(budgets, ent, advEnt, density, rnd, entKept, rndKept, counted, randomSeeds);
  }

  private static boolean allZero(double[] a) {
    for (double x : a) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static long trainableTokens(PackedTree tree, double[] adv) {
    LossWeights w = LossWeights.of(tree, adv, Normalization.tokenMean());
    long n = 0;
    for (int k = 0; k < tree.trajectoryCount(); k++) {
      n += w.trainableTokens(k);
    }
    return n;
  }

  /** The policy gradient of one tree (zero when the pruned tree kept nothing trainable). */
  private static Map<String, float[]> gradient(
      Qwen2Model model, PackedTree tree, Map<String, Double> advantageById, long denominator) {
    Gradients.zero(model.parameters());
    if (tree.trajectoryCount() > 0 && tree.tokenCount() > 1) {
      double[] adv = new double[tree.trajectoryCount()];
      for (int k = 0; k < adv.length; k++) {
        adv[k] = advantageById.get(tree.leaf(k).id());
      }
      LossWeights w = LossWeights.of(tree, adv, Normalization.tokenMean(denominator));
      try (NDManager m = NDManager.newBaseManager();
          GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        TokenScores s = Forward.packed(model, tree, AttentionKind.AUTO, m);
        gc.backward(
            PolicyLoss.ppoClip(0.2, 0.28)
                .compute(
                    s.logprobs(), s.logprobs().stopGradient(), null, null, TokenWeights.of(w, m))
                .loss());
      }
    }
    Map<String, float[]> g = new LinkedHashMap<>(Gradients.copy(model.parameters()));
    return g;
  }

  static double cosine(Map<String, float[]> a, Map<String, float[]> b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (String name : a.keySet()) {
      float[] x = a.get(name);
      float[] y = b.get(name);
      for (int i = 0; i < x.length; i++) {
        dot += x[i] * (double) y[i];
        na += x[i] * (double) x[i];
        nb += y[i] * (double) y[i];
      }
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
