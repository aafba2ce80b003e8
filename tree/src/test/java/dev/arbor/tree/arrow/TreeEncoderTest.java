package dev.arbor.tree.arrow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

class TreeEncoderTest {

  @Test
  void aReusedEncoderGivesTheSameBytesAsAFreshOneForGrowingAndShrinkingBatches() throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      try (TreeEncoder encoder = new TreeEncoder(allocator)) {
        for (int[] shape : new int[][] {{1, 3}, {2, 9}, {3, 2}, {4, 12}, {5, 1}, {6, 0}}) {
          List<TreeRecord> trees = TreeArrowTest.randomTrees(shape[0], shape[1]);
          byte[] reused = encoder.encode(trees);
          assertThat(reused).isEqualTo(TreeArrow.toStreamBytes(trees));
          assertThat(TreeArrow.fromBytes(reused, "reused", allocator)).isEqualTo(trees);
        }
        assertThat(encoder.retainedBytes()).isPositive();
      }
      assertThat(allocator.getAllocatedMemory()).isZero();
    }
  }
}
