package dev.arbor.tree.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.arbor.tree.Role;
import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryStatus;
import dev.arbor.tree.advantage.AdvantageEstimator;
import dev.arbor.tree.advantage.AdvantageScaler;
import dev.arbor.tree.arrow.TreeRecord;
import dev.arbor.tree.prune.PruneMethod;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TreeBatcherTest {

  private static Trajectory traj(String group, int k, int version, double reward) {
    Segment prompt = Segment.context(Role.PROMPT, 1, 2, 3, group.hashCode() & 0xff);
    int[] ids = {10 + k, 20 + k, 30};
    Segment answer =
        Segment.generated(
            Role.MODEL,
            ids,
            new float[] {-0.1f, -0.7f, -1.2f},
            new float[] {1f, 0.5f, 0.2f},
            version);
    return new Trajectory(
        group + "/" + k,
        "task-" + group,
        group,
        List.of(prompt, answer),
        reward,
        TrajectoryStatus.OK);
  }

  private static TreeBatcher batcher(int group, int budget, int staleness, double keep) {
    return new TreeBatcher(
        new TreeBatcher.Config(
            group, budget, staleness, AdvantageEstimator.grpo(), AdvantageScaler.none(), keep));
  }

  /** Prefix trees with a budget of 1000 tokens, on-policy. */
  private static TreeBatcher.Config config(
      int group, double keep, boolean dropUniform, PruneMethod method) {
    return new TreeBatcher.Config(
        group,
        1000,
        0,
        AdvantageEstimator.grpo(),
        AdvantageScaler.none(),
        keep,
        false,
        dropUniform,
        method);
  }

  @Test
  void completeGroupsBecomeTreesWithGroupAdvantagesBatchedByTokens() {
    TreeBatcher b = batcher(3, 20, 1, 1.0);
    for (String g : new String[] {"a", "b"}) {
      for (int k = 0; k < 3; k++) {
        b.add(traj(g, k, 0, k == 0 ? 1 : 0));
      }
    }
    assertThat(b.stats().groupsEmitted()).isEqualTo(2);
    List<TreeRecord> first = b.nextBatch();
    assertThat(first).hasSize(1); // one tree is 4 + 3x3 = 13 tokens; two exceed 20
    TreeRecord tree = first.get(0);
    assertThat(tree.treeId()).isEqualTo("a");
    assertThat(tree.tree().tokenCount()).isEqualTo(13);
    double[] adv = tree.advantages();
    assertThat(adv[0]).isPositive();
    assertThat(adv[1]).isNegative();
    assertThat(adv[0] + adv[1] + adv[2]).isCloseTo(0, within(1e-9));
    assertThat(b.nextBatch()).extracting(TreeRecord::treeId).containsExactly("b");
    assertThat(b.nextBatch()).isEmpty();
  }

  @Test
  void staleTrajectoriesAreDroppedAndCounted() {
    TreeBatcher b = batcher(2, 100, 1, 1.0);
    b.policyVersion(3);
    assertThat(b.add(traj("a", 0, 1, 1))).isFalse(); // lag 2 > 1
    assertThat(b.add(traj("a", 1, 2, 0))).isTrue(); // lag 1
    assertThat(b.stats().droppedStale()).isEqualTo(1);
    assertThat(b.stats().stalenessHistogram()).containsEntry(2, 1).containsEntry(1, 1);
    assertThat(b.stats().pendingGroups()).isEqualTo(1);
    b.flush();
    assertThat(b.nextBatch()).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(PruneMethod.class)
  void pruningKeepsAFractionAndTheAdvantagesOfTheWholeGroup(PruneMethod method) {
    TreeBatcher b = new TreeBatcher(config(4, 0.6, false, method));
    for (int k = 0; k < 4; k++) {
      b.add(traj("g", k, 0, k));
    }
    TreeRecord t = b.nextBatch().get(0);
    assertThat(t.tree().tokenCount()).isLessThanOrEqualTo(4 + (int) Math.ceil(12 * 0.6));
    assertThat(t.tree().trajectoryCount()).isBetween(1, 3);
  }

  @Test
  void aGroupLostEntirelyToTheInfrastructureYieldsNoTree() {
    TreeBatcher b = batcher(2, 100, 0, 1.0);
    for (int k = 0; k < 2; k++) {
      Trajectory t = traj("lost", k, 0, 0);
      b.add(
          new Trajectory(
              t.id(), t.taskId(), t.groupId(), t.segments(), 0, TrajectoryStatus.INFRA_FAILED));
    }
    assertThat(b.nextBatch()).as("no trainable tokens: no batch for the trainer").isEmpty();
    assertThat(b.stats().groupsEmitted()).isZero();
  }

  @Test
  void flatModeEmitsEveryTrajectoryAsItsOwnTreeWithTheGroupsAdvantages() {
    TreeBatcher packed = batcher(3, 1000, 0, 1.0);
    TreeBatcher flat =
        new TreeBatcher(
            new TreeBatcher.Config(
                3,
                1000,
                0,
                AdvantageEstimator.grpo(),
                AdvantageScaler.none(),
                1.0,
                true,
                false,
                PruneMethod.ENTROPY));
    for (int k = 0; k < 3; k++) {
      packed.add(traj("g", k, 0, k == 0 ? 1 : 0));
      flat.add(traj("g", k, 0, k == 0 ? 1 : 0));
    }
    TreeRecord tree = packed.nextBatch().get(0);
    List<TreeRecord> alone = flat.nextBatch();
    assertThat(alone).hasSize(3);
    assertThat(alone).allSatisfy(r -> assertThat(r.tree().trajectoryCount()).isEqualTo(1));
    assertThat(alone.stream().mapToLong(r -> r.tree().tokenCount()).sum())
        .as("no prefix sharing: the flat token count")
        .isEqualTo(tree.tree().flatTokenCount());
    for (int k = 0; k < 3; k++) {
      String id = tree.tree().leaf(k).id();
      TreeRecord own =
          alone.stream().filter(r -> r.tree().leaf(0).id().equals(id)).findFirst().orElseThrow();
      assertThat(own.advantages()[0]).isEqualTo(tree.advantages()[k]);
    }
    assertThat(flat.stats().groupsEmitted()).isEqualTo(1);
  }

  @Test
  void flatTreesCannotBePruned() {
    assertThatThrownBy(
            () ->
                new TreeBatcher.Config(
                    3,
                    1000,
                    0,
                    AdvantageEstimator.grpo(),
                    AdvantageScaler.none(),
                    0.5,
                    true,
                    false,
                    PruneMethod.ENTROPY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be pruned");
  }

  @Test
  void groupsWithoutAGradientAreDroppedAndCountedWhenAsked() {
    TreeBatcher b = new TreeBatcher(config(2, 1.0, true, PruneMethod.ENTROPY));
    b.add(traj("same", 0, 0, 1));
    b.add(traj("same", 1, 0, 1));
    b.add(traj("mixed", 0, 0, 1));
    b.add(traj("mixed", 1, 0, 0));
    assertThat(b.nextBatch()).extracting(TreeRecord::treeId).containsExactly("mixed");
    assertThat(b.stats().droppedUniform()).isEqualTo(1);
    assertThat(b.stats().groupsEmitted()).isEqualTo(1);
  }
}
