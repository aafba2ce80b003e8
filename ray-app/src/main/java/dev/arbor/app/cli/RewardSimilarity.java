package dev.arbor.app.cli;

/**
 * The benchmark's graded reward for an arithmetic rollout, relative to the teacher (RFT, DESIGN.md
 * §7): 1 when the completion states the exact answer, else the longest-common-subsequence
 * similarity of the completion to the teacher's first turn, scaled to [0, 0.5), so that an
 * untrained policy's rollouts still differ in reward.
 */
final class RewardSimilarity {
  private RewardSimilarity() {}

  static double score(String completion, String answer, String teacher) {
    if (completion.contains(answer)) {
      return 1;
    }
    return 0.5
        * lcs(completion, teacher)
        / Math.max(1, Math.max(completion.length(), teacher.length()));
  }

  private static int lcs(String completion, String answer) {
    int[][] lcs = new int[completion.length() + 1][answer.length() + 1];
    for (int i = 1; i <= completion.length(); i++) {
      for (int j = 1; j <= answer.length(); j++) {
        lcs[i][j] =
            completion.charAt(i - 1) == answer.charAt(j - 1)
                ? lcs[i - 1][j - 1] + 1
                : Math.max(lcs[i - 1][j], lcs[i][j - 1]);
      }
    }
    return lcs[completion.length()][answer.length()];
  }
}
