package dev.arbor.tree.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryTree;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticWorkloadTest {

  @Test
  void defaultWorkloadHasTheAdvertisedShapeAndSharing() {
    SyntheticWorkload w = SyntheticWorkload.agenticDefault(1);
    List<List<Trajectory>> groups = w.groups();
    assertThat(groups).hasSize(64);
    long flat = 0;
    long packed = 0;
    for (List<Trajectory> g : groups) {
      assertThat(g).hasSize(8);
      assertThat(g.get(0).segments()).hasSize(1 + 6 * 3);
      TrajectoryTree tree = TrajectoryTree.of(g);
      assertThat(tree.trajectories()).isEqualTo(g);
      flat += tree.flatTokenCount();
      packed += tree.tokenCount();
    }
    double shared = 1.0 - (double) packed / flat;
    assertThat(shared).isBetween(0.35, 0.45);
  }

  @Test
  void sameSeedSameData() {
    assertThat(SyntheticWorkload.small(3).groups()).isEqualTo(SyntheticWorkload.small(3).groups());
    assertThat(SyntheticWorkload.small(3).groups())
        .isNotEqualTo(SyntheticWorkload.small(4).groups());
  }

  @Test
  void badShapesAreRejectedByField() {
    assertThatThrownBy(() -> new SyntheticWorkload(0, 8, 6, 400, 80, 24, 96, 4, 32_000, 1))
        .hasMessage("tasks must be > 0, got 0");
    assertThatThrownBy(() -> new SyntheticWorkload(1, 8, 6, 400, 80, 24, 96, 7, 32_000, 1))
        .hasMessage("maxSharedTurns must be in 0..6, got 7");
  }
}
