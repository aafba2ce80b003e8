package dev.arbor.tree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.tree.pack.FlatSequence;
import dev.arbor.tree.pack.PackedTree;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class TrajectoryTreePropertiesTest {

  @Property(tries = 300)
  void leavesGiveBackEveryTrajectoryAsInserted(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int count) {
    List<Trajectory> input = RandomTrajectories.generate(seed, count, 5, 3);
    TrajectoryTree tree = TrajectoryTree.of(input);
    assertThat(tree.trajectories()).isEqualTo(input);
    assertThat(tree.flatTokenCount()).isEqualTo(input.stream().mapToLong(Trajectory::length).sum());
  }

  @Property(tries = 300)
  void packedTokenCountIsTheNumberOfDistinctPrefixes(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int count) {
    List<Trajectory> input = RandomTrajectories.generate(seed, count, 5, 3);
    TrajectoryTree tree = TrajectoryTree.of(input);
    PackedTree packed = PackedTree.of(tree);
    assertThat(tree.tokenCount()).isEqualTo(distinctPrefixes(input));
    assertThat(packed.tokenCount()).isEqualTo(tree.tokenCount());
  }

  @Property(tries = 300)
  void flatteningThePackedLayoutGivesBackEachTrajectory(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int count) {
    List<Trajectory> input = RandomTrajectories.generate(seed, count, 5, 3);
    PackedTree packed = PackedTree.of(TrajectoryTree.of(input));
    for (int k = 0; k < input.size(); k++) {
      FlatSequence flat = FlatSequence.of(packed, k);
      Trajectory t = input.get(k);
      int i = 0;
      for (Segment s : t.segments()) {
        for (int q = 0; q < s.length(); q++, i++) {
          int p = flat.packedIndex()[i];
          assertThat(flat.tokenIds()[i]).isEqualTo(s.token(q));
          assertThat(flat.roles()[i]).isEqualTo(s.role());
          assertThat(flat.logprobs()[i]).isEqualTo(s.logprob(q));
          assertThat(flat.versions()[i]).isEqualTo(s.version(q));
          assertThat(packed.positionId(p)).isEqualTo(i);
          assertThat(packed.trainable(p)).isEqualTo(flat.trainable()[i]);
          assertThat(packed.parentIndex(p)).isEqualTo(i == 0 ? -1 : flat.packedIndex()[i - 1]);
        }
      }
      assertThat(i).isEqualTo(flat.length());
    }
  }

  @Property(tries = 200)
  void ancestorTestMatchesRootPathsAndReachCountsTrajectories(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 25) int count) {
    List<Trajectory> input = RandomTrajectories.generate(seed, count, 4, 3);
    PackedTree packed = PackedTree.of(TrajectoryTree.of(input));
    int t = packed.tokenCount();
    for (int i = 0; i < t; i++) {
      Set<Integer> path = new HashSet<>();
      for (int x = i; x >= 0; x = packed.parentIndex(x)) {
        path.add(x);
      }
      for (int j = 0; j < t; j++) {
        assertThat(packed.attends(i, j)).as("attends(%d, %d)", i, j).isEqualTo(path.contains(j));
      }
    }
    for (int n = 0; n < packed.nodeCount(); n++) {
      int first = packed.nodeStart(n);
      int through = 0;
      for (int k = 0; k < packed.trajectoryCount(); k++) {
        for (int p : packed.flatIndices(k)) {
          if (p == first) {
            through++;
            break;
          }
        }
      }
      assertThat(packed.nodeReach(n)).as("reach of node %d", n).isEqualTo(through);
    }
  }

  @Property(tries = 200)
  void columnsRebuildTheSamePackedTree(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int count) {
    List<Trajectory> input = RandomTrajectories.generate(seed, count, 5, 3);
    PackedTree packed = PackedTree.of(TrajectoryTree.of(input));
    PackedTree again = PackedTree.fromColumns(packed.columns());
    assertThat(again.positionIds()).isEqualTo(packed.positionIds());
    assertThat(again.parentIndices()).isEqualTo(packed.parentIndices());
    for (int n = 0; n < packed.nodeCount(); n++) {
      assertThat(again.nodeReach(n)).isEqualTo(packed.nodeReach(n));
      assertThat(again.nodeSubtreeEnd(n)).isEqualTo(packed.nodeSubtreeEnd(n));
    }
    assertThat(again.toTree().trajectories()).isEqualTo(input);
    // A rebuilt tree keeps merging: re-inserting a copy of every trajectory adds no tokens.
    TrajectoryTree tree = again.toTree();
    for (Trajectory t : input) {
      tree.insert(
          new Trajectory(
              t.id() + "-again", t.taskId(), t.groupId(), t.segments(), t.reward(), t.status()));
    }
    assertThat(tree.tokenCount()).isEqualTo(packed.tokenCount());
  }

  private static int distinctPrefixes(List<Trajectory> input) {
    Set<List<Long>> prefixes = new HashSet<>();
    for (Trajectory t : input) {
      List<Long> prefix = new ArrayList<>();
      for (Segment s : t.segments()) {
        for (int q = 0; q < s.length(); q++) {
          long key =
              ((long) s.token(q) << 16) | ((long) s.role().ordinal() << 8) | (s.version(q) + 1);
          prefix.add(key);
          prefixes.add(List.copyOf(prefix));
        }
      }
    }
    return prefixes.size();
  }
}
