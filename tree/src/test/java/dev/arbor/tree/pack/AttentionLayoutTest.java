package dev.arbor.tree.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.tree.RandomTrajectories;
import dev.arbor.tree.TrajectoryTree;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class AttentionLayoutTest {

  @Property(tries = 150)
  void denseMaskAndNodeSpansAgreeWithTheAncestorTest(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 25) int count) {
    PackedTree packed =
        PackedTree.of(TrajectoryTree.of(RandomTrajectories.generate(seed, count, 4, 3)));
    int t = packed.tokenCount();
    boolean[] dense = AttentionLayout.denseMask(packed);
    long cost = 0;
    for (int n = 0; n < packed.nodeCount(); n++) {
      int[] spans = AttentionLayout.ancestorSpans(packed, n);
      int start = packed.nodeStart(n);
      for (int i = start; i < start + packed.nodeLength(n); i++) {
        boolean[] fromSpans = new boolean[t];
        for (int s = 0; s < spans.length; s += 2) {
          for (int j = spans[s]; j < spans[s + 1] && j <= i; j++) {
            fromSpans[j] = true;
          }
        }
        int keys = 0;
        for (int j = 0; j < t; j++) {
          assertThat(dense[i * t + j]).isEqualTo(packed.attends(i, j));
          assertThat(fromSpans[j])
              .as("span form, query %d key %d", i, j)
              .isEqualTo(dense[i * t + j]);
          keys += dense[i * t + j] ? 1 : 0;
        }
        assertThat(keys).isEqualTo(packed.positionId(i) + 1);
      }
      cost +=
          (long) packed.nodeLength(n) * (packed.positionId(start + packed.nodeLength(n) - 1) + 1);
    }
    assertThat(AttentionLayout.segmentCost(packed)).isEqualTo(cost);
  }
}
