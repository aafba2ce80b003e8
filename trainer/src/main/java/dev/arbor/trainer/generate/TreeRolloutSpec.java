package dev.arbor.trainer.generate;

import java.util.Objects;

/**
 * What a {@link TreeRollout} samples. Validated at construction.
 *
 * @param groupSize G, independent samples of the prompt (>= 1)
 * @param rounds branching rounds after the first samples (>= 0; 0 = plain G samples)
 * @param pointsPerRound branch points picked per round, the highest priority first (>= 1)
 * @param branchesPerPoint new continuations per branch point (>= 1)
 * @param branchBudget most branches in total over all rounds (>= 0)
 * @param selector where branching is allowed and in which order
 * @param sampling sampling and stopping; {@code maxNewTokens} bounds every trajectory's generated
 *     tokens, including the prefix a branch inherits
 * @param logprobs which log-prob the trajectories record
 * @param version policy version of the weights generating
 * @param seed seed of every sequence's generator (derived in a fixed order)
 */
public record TreeRolloutSpec(
    int groupSize,
    int rounds,
    int pointsPerRound,
    int branchesPerPoint,
    int branchBudget,
    BranchSelector selector,
    SamplingParams sampling,
    LogprobKind logprobs,
    int version,
    long seed) {

  /** Which log-prob goes into the trajectories' generated segments. */
  public enum LogprobKind {
    /** Under the distribution the token was sampled from (temperature, top-p): the default. */
    SAMPLING,
    /** Under the policy at temperature 1, as the trainer's forward pass recomputes it. */
    POLICY
  }

  public TreeRolloutSpec {
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(sampling, "sampling");
    Objects.requireNonNull(logprobs, "logprobs");
    atLeast("group_size", groupSize, 1);
    atLeast("rounds", rounds, 0);
    atLeast("points_per_round", pointsPerRound, 1);
    atLeast("branches_per_point", branchesPerPoint, 1);
    atLeast("branch_budget", branchBudget, 0);
    atLeast("version", version, 0);
  }

  private static void atLeast(String field, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be >= " + min + ", got " + value);
    }
  }

  /** G samples of a prompt, no branching, policy version 0, seed 0. */
  public static TreeRolloutSpec samples(int groupSize, SamplingParams sampling) {
    return new TreeRolloutSpec(
        groupSize,
        0,
        1,
        1,
        0,
        BranchSelector.highestEntropy(),
        sampling,
        LogprobKind.SAMPLING,
        0,
        0);
  }

  /** This spec with {@code rounds} of branching at {@code points} points x {@code branches}. */
  public TreeRolloutSpec withBranching(int rounds, int points, int branches, int budget) {
    return new TreeRolloutSpec(
        groupSize, rounds, points, branches, budget, selector, sampling, logprobs, version, seed);
  }

  public TreeRolloutSpec withSelector(BranchSelector s) {
    return new TreeRolloutSpec(
        groupSize,
        rounds,
        pointsPerRound,
        branchesPerPoint,
        branchBudget,
        s,
        sampling,
        logprobs,
        version,
        seed);
  }

  public TreeRolloutSpec withLogprobs(LogprobKind kind) {
    return new TreeRolloutSpec(
        groupSize,
        rounds,
        pointsPerRound,
        branchesPerPoint,
        branchBudget,
        selector,
        sampling,
        kind,
        version,
        seed);
  }

  public TreeRolloutSpec withVersion(int v) {
    return new TreeRolloutSpec(
        groupSize,
        rounds,
        pointsPerRound,
        branchesPerPoint,
        branchBudget,
        selector,
        sampling,
        logprobs,
        v,
        seed);
  }

  public TreeRolloutSpec withSeed(long s) {
    return new TreeRolloutSpec(
        groupSize,
        rounds,
        pointsPerRound,
        branchesPerPoint,
        branchBudget,
        selector,
        sampling,
        logprobs,
        version,
        s);
  }
}
