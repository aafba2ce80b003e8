package dev.arbor.actors.treemanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.tree.Trajectory;
import dev.arbor.tree.arrow.TreeArrow;
import dev.arbor.tree.arrow.TreeFormatException;
import dev.arbor.tree.arrow.TreeRecord;
import dev.arbor.tree.batch.TreeBatcher;
import dev.arbor.tree.synth.SyntheticWorkload;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TreeManagerTest {

  static final SyntheticWorkload WORK = new SyntheticWorkload(3, 3, 2, 6, 4, 2, 3, 1, 264, 5);
  static final TreeManagerSpec SPEC =
      new TreeManagerSpec(3, 1, 1, "grpo", "rollout-entropy", 1.0, "tree", false, "entropy");

  @Test
  void trajectoriesSurviveTheirEncoding() throws TreeFormatException {
    List<Trajectory> group = WORK.group(0);
    assertThat(TrajectoryCodec.decode(TrajectoryCodec.encode(group))).isEqualTo(group);
  }

  @Test
  void batchesEqualWhatTheBatcherBuildsFromTheSameTrajectories() throws TreeFormatException {
    TreeManager manager = new TreeManager(SPEC.toConfig());
    TreeBatcher reference = new TreeBatcher(SPEC.toConfig());
    for (List<Trajectory> group : WORK.groups()) {
      assertThat(manager.add(TrajectoryCodec.encode(group))).isEqualTo(group.size());
      group.forEach(reference::add);
    }
    List<TreeRecord> got = new ArrayList<>();
    for (Optional<TreeManager.Batch> b = manager.nextBatch();
        b.isPresent();
        b = manager.nextBatch()) {
      List<TreeRecord> trees = TreeArrow.fromBytes(b.get().arrow(), "batch");
      assertThat(b.get().trees()).isEqualTo(trees.size());
      assertThat(b.get().packedTokens())
          .isEqualTo(trees.stream().mapToLong(t -> t.tree().tokenCount()).sum());
      got.addAll(trees);
    }
    List<TreeRecord> want = new ArrayList<>();
    for (List<TreeRecord> b = reference.nextBatch(); !b.isEmpty(); b = reference.nextBatch()) {
      want.addAll(b);
    }
    assertThat(got).hasSize(3).isEqualTo(want);
    assertThat(manager.stats().batchesEmitted())
        .as("token budget 1: one tree per batch")
        .isEqualTo(3);
  }

  @Test
  void dropsAndCountsTrajectoriesOlderThanKVersions() throws TreeFormatException {
    TreeManager manager = new TreeManager(SPEC.toConfig());
    manager.policyVersion(2); // synthetic trajectories are version 0: lag 2 > k = 1
    assertThat(manager.add(TrajectoryCodec.encode(WORK.group(0)))).isZero();
    TreeManager.Stats s = manager.stats();
    assertThat(s.droppedStale()).isEqualTo(3);
    assertThat(s.stalenessHistogram()).containsEntry(2, 3);
    assertThat(manager.nextBatch()).isEmpty();
  }

  @Test
  void flushCompletesPartialGroups() throws TreeFormatException {
    TreeManager manager = new TreeManager(SPEC.toConfig());
    manager.add(TrajectoryCodec.encode(WORK.group(0).subList(0, 2)));
    assertThat(manager.nextBatch()).isEmpty();
    manager.flush();
    assertThat(manager.nextBatch()).hasValueSatisfying(b -> assertThat(b.trees()).isEqualTo(1));
  }

  @Test
  void badSpecNamesTheValue() {
    assertThatThrownBy(
            () ->
                new TreeManagerSpec(
                    3, 100, 1, "grpo", "entropy-magic", 1.0, "tree", false, "entropy"))
        .hasMessageContaining("entropy-magic");
    assertThatThrownBy(
            () -> new TreeManagerSpec(0, 100, 1, "grpo", "none", 1.0, "tree", false, "entropy"))
        .hasMessageContaining("groupSize");
  }
}
