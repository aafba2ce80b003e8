package dev.arbor.tasks.teacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RelativeRewardTest {
  private static final String GOLD = "--- a/x.py\n+++ b/x.py\n@@ -1,1 +1,1 @@\n-b = 1\n+b = 2\n";
  private static final String HALF = "--- a/x.py\n+++ b/x.py\n@@ -1,1 +1,1 @@\n-b = 1\n+b = 3\n";

  @Test
  void testScorePlusWeightedSimilarity() {
    RelativeReward r = RelativeReward.builder().optWeight(0.4).build();
    RelativeReward.Result passSame = r.score(1, GOLD, GOLD);
    assertThat(passSame.reward()).isCloseTo(1.4, within(1e-12));
    assertThat(passSame.similarity()).isEqualTo(1.0);
    RelativeReward.Result failHalf = r.score(0, HALF, GOLD);
    assertThat(failHalf.similarity()).isCloseTo(0.5, within(1e-12));
    assertThat(failHalf.reward()).isCloseTo(0.2, within(1e-12));
    assertThat(r.score(0, "", GOLD).reward()).isZero();
  }

  @Test
  void normalizedStaysInZeroOneAndWeightZeroIsThePlainTestReward() {
    RelativeReward n = RelativeReward.builder().optWeight(1).optNormalize(true).build();
    assertThat(n.score(1, GOLD, GOLD).reward()).isEqualTo(1.0);
    assertThat(n.score(0, HALF, GOLD).reward()).isCloseTo(0.25, within(1e-12));
    RelativeReward plain = RelativeReward.builder().optWeight(0).build();
    assertThat(plain.score(1, HALF, GOLD).reward()).isEqualTo(1.0);
    assertThat(plain.score(0, GOLD, GOLD).reward()).isZero();
    assertThat(RelativeReward.builder().build().weight()).isEqualTo(RelativeReward.DEFAULT_WEIGHT);
  }

  @Test
  void anUnreadableAgentDiffScoresSimilarityZeroWithAReason() {
    RelativeReward.Result r = RelativeReward.builder().build().score(0, "not a diff", GOLD);
    assertThat(r.similarity()).isZero();
    assertThat(r.detail()).startsWith("similarity 0: not a unified diff");
  }

  @Test
  void configurationIsValidated() {
    assertThatThrownBy(() -> RelativeReward.builder().optWeight(-1).build())
        .hasMessageContaining("weight must be a finite number >= 0");
    assertThatThrownBy(() -> RelativeReward.builder().optWeight(Double.NaN).build())
        .hasMessageContaining("weight");
    assertThatThrownBy(() -> RelativeReward.builder().build().score(2, "", ""))
        .hasMessageContaining("testScore must be in [0, 1]");
  }
}
