package dev.arbor.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.arbor.trainer.forward.Forward;
import dev.arbor.trainer.forward.TokenScores;
import dev.arbor.trainer.loss.LossOutput;
import dev.arbor.trainer.loss.TokenWeights;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.tree.arrow.TreeRecord;
import dev.arbor.tree.pack.LossWeights;
import dev.arbor.tree.pack.Normalization;
import dev.arbor.tree.pack.PackedTree;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a policy on trajectory trees: for each optimizer step, one packed forward/backward per
 * tree (gradients accumulate over the step's trees), gradient clipping, one AdamW update. Losses
 * are normalised over the whole step (one denominator for all its trees), so a step over several
 * trees equals one over their union. Metrics go to {@link TrainingListener}s.
 */
public final class TreeTrainer implements AutoCloseable {
  private final Qwen2Model policy;
  private final Qwen2Model reference;
  private final AdamW optimizer;
  private final TrainerConfig config;
  private final NDManager manager;
  private final List<TrainingListener> listeners = new ArrayList<>();

  /**
   * @param reference frozen reference policy for the KL term, or null when the loss has none
   */
  public TreeTrainer(
      Qwen2Model policy, Qwen2Model reference, AdamW optimizer, TrainerConfig config, NDManager m) {
    if (config.loss().usesReference() && reference == null) {
      throw new IllegalArgumentException("the loss has a KL term but no reference model was given");
    }
    this.policy = policy;
    this.reference = reference;
    this.optimizer = optimizer;
    this.config = config;
    this.manager = m.newSubManager();
    policy.setRequiresGradient(true);
  }

  public TreeTrainer addListener(TrainingListener listener) {
    listeners.add(listener);
    return this;
  }

  public Qwen2Model policy() {
    return policy;
  }

  public AdamW optimizer() {
    return optimizer;
  }

  /** One optimizer step over the given trees (their advantages must be set). */
  public StepMetrics step(List<TreeRecord> trees) {
    long start = System.nanoTime();
    Normalization norm = normalization(trees);
    Gradients.zero(policy.parameters());
    double loss = 0;
    double clipped = 0;
    double ratio = 0;
    double kl = 0;
    double entropy = 0;
    long trained = 0;
    long packed = 0;
    long flat = 0;
    int trajectories = 0;
    for (TreeRecord record : trees) {
      PackedTree tree = record.tree();
      LossWeights weights = config.scaler().lossWeights(tree, advantages(record), norm);
      try (NDManager m = manager.newSubManager()) {
        NDArray old = oldLogprobs(tree, m);
        NDArray ref = reference == null ? null : scores(reference, tree, m).logprobs();
        LossOutput out;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          TokenScores s = Forward.packed(policy, tree, config.attention(), m);
          out =
              config
                  .loss()
                  .compute(s.logprobs(), old, ref, s.entropies(), TokenWeights.of(weights, m));
          gc.backward(out.loss());
          entropy += weightedMean(s.entropies(), weights, m) * out.stats().trainedTokens();
        }
        loss += out.loss().getFloat();
        LossOutput.Stats st = out.stats();
        clipped += st.clipFraction() * st.trainedTokens();
        ratio += st.meanRatio() * st.trainedTokens();
        kl += st.meanKl() * st.trainedTokens();
        trained += st.trainedTokens();
      }
      packed += tree.tokenCount();
      flat += tree.flatTokenCount();
      trajectories += tree.trajectoryCount();
    }
    double gradNorm = Gradients.globalNorm(policy.parameters());
    if (config.maxGradNorm() > 0 && gradNorm > config.maxGradNorm()) {
      Gradients.scale(policy.parameters(), config.maxGradNorm() / (gradNorm + 1e-6));
    }
    double lr = config.schedule().at(optimizer.step() + 1);
    optimizer.update(policy.parameters(), lr);
    double n = Math.max(1, trained);
    StepMetrics metrics =
        new StepMetrics(
            optimizer.step(),
            lr,
            loss,
            gradNorm,
            clipped / n,
            ratio / n,
            kl / n,
            entropy / n,
            trees.size(),
            trajectories,
            packed,
            flat,
            trained,
            (System.nanoTime() - start) / 1e6);
    for (TrainingListener l : listeners) {
      l.onStep(metrics);
    }
    return metrics;
  }

  /** One denominator for the whole step: total trainable tokens, or total sequences. */
  private Normalization normalization(List<TreeRecord> trees) {
    long tokens = 0;
    int sequences = 0;
    for (TreeRecord r : trees) {
      LossWeights w = LossWeights.of(r.tree(), advantages(r), Normalization.tokenMean());
      for (int k = 0; k < r.tree().trajectoryCount(); k++) {
        tokens += w.trainableTokens(k);
        sequences += w.trainableTokens(k) > 0 ? 1 : 0;
      }
    }
    if (tokens == 0) {
      throw new IllegalArgumentException("the step's trees have no trainable tokens");
    }
    return config.normalization() == Normalization.Mode.TOKEN_MEAN
        ? Normalization.tokenMean(tokens)
        : Normalization.sequenceMean(sequences);
  }

  private static double[] advantages(TreeRecord r) {
    double[] a = r.advantages();
    for (int k = 0; k < a.length; k++) {
      if (Double.isNaN(a[k])) {
        throw new IllegalArgumentException(
            "tree '" + r.treeId() + "' has no advantage for trajectory " + r.tree().leaf(k).id());
      }
    }
    return a;
  }

  private NDArray oldLogprobs(PackedTree tree, NDManager m) {
    if (!config.loss().usesOldLogprobs()) {
      return null;
    }
    if (config.recomputeOldLogprobs()) {
      return scores(policy, tree, m).logprobs();
    }
    return m.create(tree.logprobs());
  }

  /** Scores without recording a graph (prefix-shared, like the training pass). */
  private TokenScores scores(Qwen2Model model, PackedTree tree, NDManager m) {
    TokenScores s = Forward.packed(model, tree, config.attention(), m);
    return new TokenScores(s.logprobs().stopGradient(), s.entropies().stopGradient());
  }

  private static double weightedMean(NDArray entropy, LossWeights w, NDManager m) {
    NDArray total = m.create(w.totalAsFloats()).gt(0).toType(DataType.FLOAT32, false);
    float count = Math.max(1f, total.sum().getFloat());
    return entropy.stopGradient().mul(total).sum().getFloat() / count;
  }

  /** Closes the trainer's scratch memory (not the models or the optimizer). */
  @Override
  public void close() {
    manager.close();
  }
}
