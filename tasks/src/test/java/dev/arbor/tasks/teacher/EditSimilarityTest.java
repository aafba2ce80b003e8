package dev.arbor.tasks.teacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EditSimilarityTest {
  private static final String GOLD =
      "--- a/x.py\n+++ b/x.py\n@@ -1,3 +1,3 @@\n a\n-b = 1\n+b = 2\n c\n"
          + "--- a/y.py\n+++ b/y.py\n@@ -5,1 +5,2 @@\n k\n+m\n";

  @Test
  void identicalEditsScoreOneWhateverTheContextOrOrderOfFiles() {
    String reordered =
        "--- a/y.py\n+++ b/y.py\n@@ -9,1 +9,2 @@\n other context\n+m\n"
            + "--- a/x.py\n+++ b/x.py\n@@ -10,1 +10,1 @@\n-b = 1\n+b = 2  \n";
    assertThat(EditSimilarity.of(GOLD, GOLD)).isEqualTo(1.0);
    assertThat(EditSimilarity.of(reordered, GOLD)).isEqualTo(1.0);
    assertThat(EditSimilarity.of("", "")).isEqualTo(1.0);
  }

  @Test
  void partialAndDisjointEdits() {
    // Agent changed x.py the same way but not y.py: 2 of 3 gold lines, 2 of its 2 lines.
    String partial = "--- a/x.py\n+++ b/x.py\n@@ -2,1 +2,1 @@\n-b = 1\n+b = 2\n";
    assertThat(EditSimilarity.of(partial, GOLD)).isCloseTo(2.0 * 2 / (2 + 3), within(1e-12));
    String wrongValue = "--- a/x.py\n+++ b/x.py\n@@ -2,1 +2,1 @@\n-b = 1\n+b = 3\n";
    assertThat(EditSimilarity.of(wrongValue, GOLD)).isCloseTo(2.0 * 1 / (2 + 3), within(1e-12));
    String otherFile = "--- a/z.py\n+++ b/z.py\n@@ -2,1 +2,1 @@\n-b = 1\n+b = 2\n";
    assertThat(EditSimilarity.of(otherFile, GOLD)).isZero();
    assertThat(EditSimilarity.of("", GOLD)).isZero();
    assertThat(
            EditSimilarity.of(
                "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\r\n+b\r\n",
                "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n"))
        .isEqualTo(1.0);
  }

  @Test
  void lcsAgreesWithABruteForceOnSmallCases() {
    List<String> a = List.of("p", "q", "r", "p", "s");
    List<String> b = List.of("q", "p", "s", "r", "p");
    assertThat(EditSimilarity.lcs(a, b)).isEqualTo(bruteLcs(a, b));
    List<String> big = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      big.add("line " + (i % 97));
    }
    // Beyond the LCS cell budget the multiset bound is used; identical inputs still score 1.
    assertThat(EditSimilarity.ofLines(big, big)).isEqualTo(1.0);
  }

  @Test
  void anUnreadableDiffIsAnError() {
    assertThatThrownBy(() -> EditSimilarity.of("garbage", GOLD))
        .hasMessageContaining("not a unified diff");
  }

  private static int bruteLcs(List<String> a, List<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return 0;
    }
    if (a.get(0).equals(b.get(0))) {
      return 1 + bruteLcs(a.subList(1, a.size()), b.subList(1, b.size()));
    }
    return Math.max(bruteLcs(a.subList(1, a.size()), b), bruteLcs(a, b.subList(1, b.size())));
  }
}
