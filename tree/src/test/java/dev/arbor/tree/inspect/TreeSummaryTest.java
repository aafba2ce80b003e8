package dev.arbor.tree.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.tree.Role;
import dev.arbor.tree.TrajectoryStatus;
import dev.arbor.tree.TrajectoryTree;
import dev.arbor.tree.arrow.TreeRecord;
import dev.arbor.tree.pack.PackedTree;
import dev.arbor.tree.synth.SyntheticWorkload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeSummaryTest {

  @Test
  void summarisesSizesSharingDepthAndRoles() {
    SyntheticWorkload w = SyntheticWorkload.small(1);
    List<TreeRecord> records = new ArrayList<>();
    long flat = 0;
    long packed = 0;
    for (int t = 0; t < w.tasks(); t++) {
      TrajectoryTree tree = TrajectoryTree.of(w.group(t));
      flat += tree.flatTokenCount();
      packed += tree.tokenCount();
      records.add(TreeRecord.of("task-" + t, PackedTree.of(tree)));
    }
    TreeSummary s = TreeSummary.of(records);
    assertThat(s.trees()).hasSize(3);
    assertThat(s.trajectories()).isEqualTo(12);
    assertThat(s.flatTokens()).isEqualTo(flat);
    assertThat(s.packedTokens()).isEqualTo(packed);
    assertThat(s.sharedPrefixRatio()).isEqualTo(1.0 - (double) packed / flat);
    assertThat(s.packedTokensByRole().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(packed);
    assertThat(s.packedTokensByRole()).containsKeys(Role.PROMPT, Role.MODEL, Role.TOOL_RESULT);
    assertThat(s.trajectoriesByStatus().values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(12);
    assertThat(s.trees().get(0).maxChildren()).isGreaterThanOrEqualTo(1);
    assertThat(s.maxDepthNodes()).isGreaterThanOrEqualTo(2);

    String text = s.render("sample.arrow", 2);
    assertThat(text)
        .contains("sample.arrow")
        .contains("trajectories:           12")
        .contains("shared prefix:")
        .contains("... 1 more trees");
    assertThat(s.trajectoriesByStatus()).containsKey(TrajectoryStatus.OK);
  }
}
