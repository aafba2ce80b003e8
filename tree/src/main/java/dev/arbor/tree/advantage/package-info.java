/**
 * Advantage math (DESIGN.md §5): from rewards and rollout entropies to the advantages that weight
 * the packed loss. Pure functions, no DJL, no Ray.
 *
 * <h2>Pipeline</h2>
 *
 * <pre>
 *   inputs      AdvantageInput per trajectory: groupId, reward, status, H_i (mean rollout entropy
 *               over its trainable MODEL tokens)
 *   group       A_i  = estimator(rewards of the trainable members of i's group)_i
 *   trajectory  A'_i = A_i * s_i            s from AdvantageScaler.groupScales   (stored per tree)
 *   token       A'_{i,t} = f(A'_i, H_t)     AdvantageScaler.tokenAdvantage       (at loss time)
 *   weights     W+_t, W-_t, S_t             AdvantageScaler.lossWeights -> pack.LossWeights
 * </pre>
 *
 * {@link dev.arbor.tree.advantage.Advantages#compute} runs the first three steps (the tree manager
 * calls it before encoding a batch); the trainer turns the stored {@code A'_i} into exact packed
 * loss weights with {@link dev.arbor.tree.advantage.AdvantageScaler#lossWeights}.
 *
 * <h2>Group estimators ({@link dev.arbor.tree.advantage.AdvantageEstimator})</h2>
 *
 * <pre>
 *   grpo          A_i = (r_i - mean_g) / (std_g + 1e-6)      std_g = sample std (n - 1), as torch.std
 *   grpo-no-std   A_i =  r_i - mean_g                        (Dr. GRPO)
 *   rloo          A_i =  r_i - mean_{j != i} r_j             (leave-one-out)
 * </pre>
 *
 * INFRA_FAILED trajectories get A = 0 and are left out of the statistics; groups with one trainable
 * member or with all rewards equal get A = 0 ({@link dev.arbor.tree.advantage.GroupAdvantages}
 * counts all three cases).
 *
 * <h2>Scalers ({@link dev.arbor.tree.advantage.AdvantageScaler})</h2>
 *
 * <pre>
 *   none                  A' = A
 *   rollout-entropy       s_i = clip((H_i / mean_g H)^alpha, s_min, s_max), A'_i = A_i s_i
 *                         default alpha = 1, [s_min, s_max] = [0.5, 2]; mean_g H = 0 -> s = 1
 *   token-entropy-bonus   A'_t = A + min(beta H_t, |A| / kappa)   per trainable token
 *                         (Cheng et al. 2025, arXiv 2506.14758), default beta = 0.4, kappa = 2
 * </pre>
 *
 * All keep the sign of every advantage: {@code s_i > 0}; the bonus is {@code >= 0} and at most
 * {@code |A| / kappa}, so with {@code kappa >= 1} (enforced) a negative advantage stays {@code <=
 * 0}, strictly negative for {@code kappa > 1}. Configuration strings: {@code grpo}, {@code
 * grpo:eps=1e-6}, {@code grpo-no-std}, {@code rloo}; {@code none}, {@code
 * rollout-entropy:alpha=1,min=0.5,max=2}, {@code token-entropy-bonus:beta=0.4,kappa=2}.
 */
package dev.arbor.tree.advantage;
