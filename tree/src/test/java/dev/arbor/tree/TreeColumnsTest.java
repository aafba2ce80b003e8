package dev.arbor.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.tree.pack.PackedTree;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeColumnsTest {

  /** prompt [1 2] -> model [3] | model [4 5]; two trajectories. */
  private static TreeColumns columns(int[] parent, int[] length, List<Leaf> leaves) {
    int t = 0;
    for (int l : length) {
      t += l;
    }
    byte[] roles = new byte[parent.length];
    for (int n = 0; n < roles.length; n++) {
      roles[n] = parent[n] < 0 ? Role.PROMPT.code() : Role.MODEL.code();
    }
    return new TreeColumns(
        parent, roles, length, new int[t], new float[t], new float[t], new int[t], leaves);
  }

  private static Leaf leaf(String id, int terminal, int... segments) {
    return new Leaf(id, "task", "g", 0.0, TrajectoryStatus.OK, terminal, segments);
  }

  @Test
  void validColumnsRebuildBothForms() {
    TreeColumns c =
        columns(
            new int[] {-1, 0, 0},
            new int[] {2, 1, 2},
            List.of(leaf("a", 1, 2, 1), leaf("b", 2, 2, 2)));
    PackedTree packed = PackedTree.fromColumns(c);
    assertThat(packed.positionIds()).containsExactly(0, 1, 2, 2, 3);
    assertThat(packed.nodeReach(0)).isEqualTo(2);
    assertThat(packed.toTree().trajectory(1).length()).isEqualTo(4);
  }

  @Test
  void inconsistentColumnsAreNamed() {
    assertThatThrownBy(() -> columns(new int[] {-1, 0}, new int[] {2}, List.of()))
        .hasMessageContaining("node columns disagree: 2 parents");
    assertThatThrownBy(() -> columns(new int[] {-1, 1}, new int[] {2, 1}, List.of()))
        .hasMessageContaining("node 1 has parent 1")
        .hasMessageContaining("depth-first order");
    assertThatThrownBy(() -> columns(new int[] {-1, 0, 0, 1}, new int[] {1, 1, 1, 1}, List.of()))
        .hasMessageContaining("node 3 has parent 1, which is not on the root path of node 2");
    assertThatThrownBy(() -> columns(new int[] {-1}, new int[] {0}, List.of()))
        .hasMessageContaining("node 0 has length 0");
    assertThatThrownBy(
            () ->
                new TreeColumns(
                    new int[] {-1},
                    new byte[] {9},
                    new int[] {1},
                    new int[1],
                    new float[1],
                    new float[1],
                    new int[1],
                    List.of()))
        .hasMessageContaining("unknown role code 9");
    assertThatThrownBy(
            () ->
                new TreeColumns(
                    new int[] {-1},
                    new byte[] {0},
                    new int[] {1},
                    new int[2],
                    new float[2],
                    new float[2],
                    new int[2],
                    List.of()))
        .hasMessageContaining("node lengths add up to 1 but 2 tokens are present");
  }

  @Test
  void leavesMustTileTheirRootPath() {
    int[] parent = {-1, 0, 0};
    int[] length = {2, 1, 2};
    assertThatThrownBy(() -> columns(parent, length, List.of(leaf("a", 3, 3))))
        .hasMessageContaining("trajectory 'a' ends at node 3 but the tree has 3 nodes");
    assertThatThrownBy(() -> columns(parent, length, List.of(leaf("a", 1, 2))))
        .hasMessageContaining("trajectory 'a' has segments shorter than its root path");
    assertThatThrownBy(() -> columns(parent, length, List.of(leaf("a", 1, 2, 2))))
        .hasMessageContaining("trajectory 'a' has segments longer than its root path");
    assertThatThrownBy(() -> columns(parent, length, List.of(leaf("a", 1, 3))))
        .hasMessageContaining("segment 0 of trajectory 'a' spans nodes of two roles");
    assertThatThrownBy(
            () -> columns(parent, length, List.of(leaf("a", 1, 2, 1), leaf("a", 2, 2, 2))))
        .hasMessageContaining("trajectory id 'a' appears twice");
  }
}
