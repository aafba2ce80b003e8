package dev.arbor.app.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementTest {
  static final Roles ROLES =
      new Roles(
          new RoleConfig(2, Map.of("CPU", 1.0, "policy", 1.0), 0),
          new RoleConfig(4, Map.of("sandbox", 1.0), 0),
          new RoleConfig(1, Map.of("CPU", 1.0), 0),
          new RoleConfig(1, Map.of("CPU", 1.0, "trainer", 1.0), 0));

  @Test
  void fitsWhenTotalsAndSomeNodePerRoleSuffice() {
    List<Map<String, Double>> nodes =
        List.of(
            Map.of("CPU", 3.0, "policy", 2.0, "sandbox", 4.0), Map.of("CPU", 1.0, "trainer", 1.0));
    assertThat(Placement.problems(ROLES, nodes)).isEmpty();
    Placement.require("j", ROLES, nodes);
  }

  @Test
  void namesEachMissingTagWithNeededAndAvailable() {
    List<Map<String, Double>> nodes = List.of(Map.of("CPU", 2.0, "policy", 2.0, "sandbox", 3.0));
    assertThat(Placement.problems(ROLES, nodes))
        .containsExactly(
            "resource 'CPU': the job needs 4 (tree_manager 1 x 1 + trainer 1 x 1 + policy 2 x 1),"
                + " the cluster has 2",
            "resource 'sandbox': the job needs 4 (sandbox 4 x 1), the cluster has 3",
            "resource 'trainer': the job needs 1 (trainer 1 x 1), the cluster has 0",
            "role trainer: no single node has all of {CPU=1.0, trainer=1.0} that one of its actors"
                + " needs");
    assertThatThrownBy(() -> Placement.require("arith", ROLES, nodes))
        .isInstanceOf(PlacementException.class)
        .hasMessageContaining("cannot place job 'arith'")
        .hasMessageContaining("ray start --resources");
  }

  @Test
  void totalsCanSufficeWhileNoNodeHoldsARolesBundle() {
    List<Map<String, Double>> nodes =
        List.of(Map.of("CPU", 4.0, "policy", 2.0, "sandbox", 4.0), Map.of("trainer", 1.0));
    assertThat(Placement.problems(ROLES, nodes))
        .containsExactly(
            "role trainer: no single node has all of {CPU=1.0, trainer=1.0} that one of its actors"
                + " needs");
  }
}
