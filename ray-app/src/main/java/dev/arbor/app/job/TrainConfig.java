package dev.arbor.app.job;

import dev.arbor.actors.trainer.TrainerSpec;
import dev.arbor.actors.treemanager.TreeManagerSpec;
import dev.arbor.tree.advantage.AdvantageEstimator;
import dev.arbor.tree.advantage.AdvantageScaler;
import dev.arbor.tree.prune.PruneMethod;

/**
 * How the policy is trained. New fields get a default in {@code defaults.yaml} (next to this class)
 * so that existing job files stay valid.
 *
 * @param lr learning rate
 * @param steps optimizer steps of the run
 * @param batchTokens packed tokens per training batch (the tree manager's budget)
 * @param staleness policy versions a trajectory may lag behind the trainer (k; 0 = on-policy)
 * @param checkpointEvery checkpoint every N steps (0 = never)
 * @param keepFraction fraction of each tree's tokens kept by entropy pruning (1 = no pruning)
 * @param estimator group advantages: {@code grpo}, {@code grpo-no-std}, {@code rloo}
 * @param scaler advantage scaler: {@code none}, {@code rollout-entropy}, {@code
 *     token-entropy-bonus}
 * @param maxGradNorm gradient clipping (0 = none)
 * @param sftSteps supervised warm-up steps on teacher episodes before RL (0 = none)
 * @param sftLr peak learning rate of the warm-up
 * @param sftMinLrRatio the warm-up's final learning rate as a fraction of {@code sftLr} (its cosine
 *     decays to it)
 * @param sftEpisodes teacher episodes per warm-up step (one packed tree)
 * @param evalTasks held-out tasks scored greedily before and after RL (0 = no evaluation)
 * @param groupsPerStep task groups the policies roll out per RL step (the tree manager's batch)
 * @param packing {@code tree}: each group is one prefix tree (the default); {@code flat}: every
 *     trajectory is trained alone, the baseline of the packing ablation (same loss, more work)
 * @param dropUniformGroups drop groups whose members all got the same reward: no gradient, and no
 *     optimizer step that would still move the weights; more groups are rolled out instead
 * @param lossNormalization how RL token losses are averaged: {@code token-mean} (the default) or
 *     {@code sequence-mean} (every trajectory weighs the same, whatever its length)
 * @param klCoef weight of the KL penalty (k3) to the policy as RL starts (0 = none)
 * @param evalSamples sampled episodes per held-out task, at the rollout temperature, in each
 *     evaluation besides the greedy one (0 = greedy only): the mean solve rate of samples is what
 *     RL optimises, and it varies less between nearby checkpoints than a greedy score
 * @param pruneMethod how trees are pruned when {@code keepFraction < 1}: {@code entropy} (DESIGN.md
 *     §6, the default), {@code advantage-entropy} or {@code gradient-density} (measured closest to
 *     the full tree's gradient, README "Benchmarks")
 * @param rlFreshOptimizer RL starts with zeroed AdamW moments instead of the warm-up's: the
 *     warm-up's second moments come from gradients of another scale (the policy version keeps
 *     counting)
 */
public record TrainConfig(
    double lr,
    int steps,
    int batchTokens,
    int staleness,
    int checkpointEvery,
    double keepFraction,
    String estimator,
    String scaler,
    double maxGradNorm,
    int sftSteps,
    double sftLr,
    double sftMinLrRatio,
    int sftEpisodes,
    int evalTasks,
    int groupsPerStep,
    String packing,
    boolean dropUniformGroups,
    String lossNormalization,
    double klCoef,
    int evalSamples,
    String pruneMethod,
    boolean rlFreshOptimizer) {

  public TrainConfig {
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("lr must be > 0, got " + lr);
    }
    JobConfig.atLeast("steps", steps, 1);
    JobConfig.atLeast("batch_tokens", batchTokens, 1);
    JobConfig.atLeast("staleness", staleness, 0);
    JobConfig.atLeast("checkpoint_every", checkpointEvery, 0);
    if (!(keepFraction > 0 && keepFraction <= 1)) {
      throw new IllegalArgumentException("keep_fraction must be in (0, 1], got " + keepFraction);
    }
    if (!(maxGradNorm >= 0)) {
      throw new IllegalArgumentException("max_grad_norm must be >= 0, got " + maxGradNorm);
    }
    JobConfig.atLeast("sft_steps", sftSteps, 0);
    JobConfig.atLeast("sft_episodes", sftEpisodes, 1);
    JobConfig.atLeast("eval_tasks", evalTasks, 0);
    JobConfig.atLeast("eval_samples", evalSamples, 0);
    JobConfig.atLeast("groups_per_step", groupsPerStep, 1);
    if (!(sftLr > 0) || Double.isInfinite(sftLr)) {
      throw new IllegalArgumentException("sft_lr must be > 0, got " + sftLr);
    }
    if (!(sftMinLrRatio >= 0 && sftMinLrRatio <= 1)) {
      throw new IllegalArgumentException(
          "sft_min_lr_ratio must be in [0, 1], got " + sftMinLrRatio);
    }
    AdvantageEstimator.parse(estimator);
    PruneMethod.parse(pruneMethod);
    AdvantageScaler.parse(scaler);
    try {
      TrainerSpec.normalizationMode(lossNormalization);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().replace("train.", ""), e);
    }
    if (!(klCoef >= 0) || Double.isInfinite(klCoef)) {
      throw new IllegalArgumentException("kl_coef must be >= 0, got " + klCoef);
    }
    if (TreeManagerSpec.flat(packing) && keepFraction < 1) {
      throw new IllegalArgumentException(
          "packing 'flat' trains every trajectory alone, which cannot be pruned: keep_fraction"
              + " must be 1, got "
              + keepFraction);
    }
  }

  public TrainConfig withSteps(int n) {
    return with(n, staleness);
  }

  public TrainConfig withStaleness(int k) {
    return with(steps, k);
  }

  private TrainConfig with(int steps, int staleness) {
    return new TrainConfig(
        lr,
        steps,
        batchTokens,
        staleness,
        checkpointEvery,
        keepFraction,
        estimator,
        scaler,
        maxGradNorm,
        sftSteps,
        sftLr,
        sftMinLrRatio,
        sftEpisodes,
        evalTasks,
        groupsPerStep,
        packing,
        dropUniformGroups,
        lossNormalization,
        klCoef,
        evalSamples,
        pruneMethod,
        rlFreshOptimizer);
  }
}
