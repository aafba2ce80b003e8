package dev.arbor.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.tree.pack.PackedTree;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrajectoryTreeTest {

  static Segment prompt(int... tokens) {
    return Segment.context(Role.PROMPT, tokens);
  }

  static Segment model(int version, int... tokens) {
    float[] lp = new float[tokens.length];
    float[] ent = new float[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      lp[i] = -0.1f * (tokens[i] + 1);
      ent[i] = 0.5f * tokens[i];
    }
    return Segment.generated(Role.MODEL, tokens, lp, ent, version);
  }

  static Trajectory traj(String id, Segment... segments) {
    return new Trajectory(id, "task", "g", List.of(segments), 1.0, TrajectoryStatus.OK);
  }

  @Test
  void splitsInsideASegmentWhereTrajectoriesDiverge() {
    TrajectoryTree tree = new TrajectoryTree();
    tree.insert(traj("a", prompt(1, 2, 3), model(0, 4, 5, 6)));
    tree.insert(traj("b", prompt(1, 2, 3), model(0, 4, 7)));
    tree.insert(traj("c", prompt(1, 2, 9)));

    // [1 2] -> ([3] -> [4] -> ([5 6], [7])), [9]
    assertThat(tree.tokenCount()).isEqualTo(3 + 3 + 1 + 1);
    assertThat(tree.flatTokenCount()).isEqualTo(6 + 5 + 3);
    int[] top = tree.children(TrajectoryTree.ROOT);
    assertThat(top).hasSize(1);
    assertThat(tree.length(top[0])).isEqualTo(2);
    assertThat(tree.reach(top[0])).isEqualTo(3);
    int[] afterPrefix = tree.children(top[0]);
    assertThat(afterPrefix).hasSize(2);
    assertThat(tree.token(afterPrefix[0], 0)).isEqualTo(3);
    assertThat(tree.reach(afterPrefix[0])).isEqualTo(2);
    assertThat(tree.token(afterPrefix[1], 0)).isEqualTo(9);
    assertThat(tree.reach(afterPrefix[1])).isEqualTo(1);
    assertThat(tree.trajectories())
        .containsExactly(
            traj("a", prompt(1, 2, 3), model(0, 4, 5, 6)),
            traj("b", prompt(1, 2, 3), model(0, 4, 7)),
            traj("c", prompt(1, 2, 9)));
  }

  @Test
  void aTrajectoryThatIsAPrefixOfAnotherEndsInsideTheTree() {
    TrajectoryTree tree = new TrajectoryTree();
    tree.insert(traj("long", prompt(1, 2), model(0, 3, 4, 5)));
    tree.insert(traj("short", prompt(1, 2), model(0, 3)));
    assertThat(tree.tokenCount()).isEqualTo(5);
    assertThat(tree.trajectory(1)).isEqualTo(traj("short", prompt(1, 2), model(0, 3)));
    int terminal = tree.leaf(1).terminalNode();
    assertThat(tree.children(terminal)).hasSize(1);
    assertThat(tree.reach(terminal)).isEqualTo(2);
  }

  @Test
  void generatedTokensMergeOnlyUnderTheSamePolicyVersion() {
    TrajectoryTree tree = new TrajectoryTree();
    tree.insert(traj("v0", prompt(1), model(0, 2, 3)));
    tree.insert(traj("v1", prompt(1), model(1, 2, 3)));
    assertThat(tree.tokenCount()).isEqualTo(1 + 2 + 2);
  }

  @Test
  void rolesMustAgreeForTokensToMerge() {
    TrajectoryTree tree = new TrajectoryTree();
    tree.insert(traj("a", prompt(1, 2)));
    tree.insert(traj("b", prompt(1), Segment.context(Role.TOOL_RESULT, 2)));
    assertThat(tree.tokenCount()).isEqualTo(3);
    assertThat(tree.trajectory(1).segments().get(1).role()).isEqualTo(Role.TOOL_RESULT);
  }

  @Test
  void segmentBoundariesSurviveMergingWithAnUnsplitTrajectory() {
    TrajectoryTree tree = new TrajectoryTree();
    Trajectory split = traj("split", prompt(1), model(0, 2, 3), model(0, 4));
    Trajectory whole = traj("whole", prompt(1), model(0, 2, 3, 4));
    tree.insert(whole);
    tree.insert(split);
    assertThat(tree.tokenCount()).isEqualTo(4);
    assertThat(tree.trajectories()).containsExactly(whole, split);
  }

  @Test
  void duplicateIdsAreRejected() {
    TrajectoryTree tree = new TrajectoryTree();
    tree.insert(traj("a", prompt(1)));
    assertThatThrownBy(() -> tree.insert(traj("a", prompt(2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a'");
  }

  @Test
  void packingLaysOutDepthFirstWithPositionsFromTheTree() {
    TrajectoryTree tree = new TrajectoryTree();
    tree.insert(traj("a", prompt(1, 2), model(0, 3, 4)));
    tree.insert(traj("b", prompt(1, 2), model(0, 5)));
    PackedTree packed = PackedTree.of(tree);
    assertThat(packed.tokenIds()).containsExactly(1, 2, 3, 4, 5);
    assertThat(packed.positionIds()).containsExactly(0, 1, 2, 3, 2);
    assertThat(packed.parentIndices()).containsExactly(-1, 0, 1, 2, 1);
    assertThat(packed.trainableMask()).containsExactly(false, false, true, true, true);
    assertThat(packed.attends(4, 3)).isFalse();
    assertThat(packed.attends(4, 1)).isTrue();
    assertThat(packed.attends(3, 2)).isTrue();
    assertThat(packed.attends(2, 3)).isFalse();
  }

  @Test
  void segmentFactoriesRejectBadInputWithClearMessages() {
    assertThatThrownBy(() -> Segment.context(Role.MODEL, 1))
        .hasMessageContaining("Segment.generated");
    assertThatThrownBy(() -> Segment.context(Role.PROMPT))
        .hasMessageContaining("at least one token");
    assertThatThrownBy(
            () -> Segment.generated(Role.MODEL, new int[] {1, 2}, new float[1], new float[2], 0))
        .hasMessageContaining("logprobs has 1 entries but the segment has 2 tokens");
  }
}
