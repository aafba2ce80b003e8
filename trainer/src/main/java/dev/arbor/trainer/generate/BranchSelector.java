package dev.arbor.trainer.generate;

/**
 * Where a tree rollout may branch, and in which order: the priority of re-sampling a trajectory
 * from generated position j on (keeping tokens 0..j-1, drawing a new token j). Higher goes first;
 * NaN or negative infinity marks a position that is not a branch point. Position 0 is never a
 * branch point (a branch there is just another sample of the group).
 */
@FunctionalInterface
public interface BranchSelector {

  /**
   * @param generated the trajectory's generated tokens
   * @param entropies the entropy of the distribution each token was drawn from
   * @param j a position in 1..generated.length-1
   */
  double priority(int[] generated, float[] entropies, int j);

  /**
   * Branch where the policy was most uncertain: priority = entropy of token j's distribution
   * (TreeRL's entropy-guided forking, ARPO's high-entropy branching).
   */
  static BranchSelector highestEntropy() {
    return (generated, entropies, j) -> entropies[j];
  }

  /**
   * Branch only right after one of the {@code boundaries} tokens (turn boundaries: end of a tool
   * call, newline), the most uncertain first.
   */
  static BranchSelector afterTokens(int... boundaries) {
    int[] b = boundaries.clone();
    return (generated, entropies, j) -> {
      for (int x : b) {
        if (generated[j - 1] == x) {
          return entropies[j];
        }
      }
      return Double.NEGATIVE_INFINITY;
    };
  }
}
