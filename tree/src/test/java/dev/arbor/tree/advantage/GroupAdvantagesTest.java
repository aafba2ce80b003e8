package dev.arbor.tree.advantage;

import static dev.arbor.tree.TrajectoryStatus.INFRA_FAILED;
import static dev.arbor.tree.TrajectoryStatus.OK;
import static dev.arbor.tree.TrajectoryStatus.TRUNCATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.arbor.tree.TrajectoryStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class GroupAdvantagesTest {

  static AdvantageInput input(String id, String group, double reward, TrajectoryStatus status) {
    return new AdvantageInput(id, group, reward, status, 0, Double.NaN);
  }

  /**
   * Group a: rewards [1, 0] (a3 failed, its reward 100 ignored) -> +-1/sqrt(2). Group b: [0, 0] ->
   * zero variance. Group c: one member. Group d: only a failed member.
   */
  @Test
  void groupsByIdAndHandlesEveryDegenerateCase() {
    List<AdvantageInput> inputs =
        List.of(
            input("a1", "a", 1, OK),
            input("b1", "b", 0, OK),
            input("a2", "a", 0, TRUNCATED),
            input("b2", "b", 0, OK),
            input("c1", "c", 1, OK),
            input("a3", "a", 100, INFRA_FAILED),
            input("d1", "d", 1, INFRA_FAILED));
    GroupAdvantages g = GroupAdvantages.compute(inputs, AdvantageEstimator.grpo(0));
    double s = 1 / Math.sqrt(2);
    assertThat(g.advantages()).containsExactly(s, 0, -s, 0, 0, 0, 0);
    assertThat(g.groupCount()).isEqualTo(4);
    assertThat(g.groupId(0)).isEqualTo("a");
    assertThat(g.group(5)).isZero();
    assertThat(g.members(0)).containsExactly(0, 2);
    assertThat(g.members(3)).isEmpty();
    assertThat(g.infraFailedCount()).isEqualTo(2);
    assertThat(g.singletonGroupCount()).isEqualTo(1);
    assertThat(g.zeroVarianceGroupCount()).isEqualTo(1);
  }

  @Test
  void emptyInputGivesNoGroups() {
    GroupAdvantages g = GroupAdvantages.compute(List.of(), AdvantageEstimator.grpo());
    assertThat(g.size()).isZero();
    assertThat(g.groupCount()).isZero();
  }

  @Test
  void inputsRejectBadValuesByName() {
    assertThatThrownBy(() -> input("x", "g", Double.POSITIVE_INFINITY, OK))
        .hasMessage("trajectory 'x' has reward Infinity (must be finite)");
    assertThat(input("x", "g", Double.NaN, INFRA_FAILED).reward()).isNaN();
    assertThatThrownBy(() -> new AdvantageInput("x", "g", 0, OK, 2, Double.NaN))
        .hasMessage("trajectory 'x': meanModelEntropy must be finite, got NaN");
    assertThatThrownBy(() -> new AdvantageInput("x", "g", 0, OK, 0, 1.0))
        .hasMessage("trajectory 'x': meanModelEntropy must be NaN without MODEL tokens, got 1.0");
    assertThatThrownBy(() -> new AdvantageInput("x", "g", 0, OK, -1, 1.0))
        .hasMessage("trajectory 'x': modelTokens must be >= 0, got -1");
  }

  /**
   * Adding INFRA_FAILED members with arbitrary rewards to any group changes nobody's advantage:
   * they are not part of the statistics.
   */
  @Property(tries = 200)
  void infraFailedMembersDoNotMoveTheBaseline(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int count) {
    Random random = new Random(seed);
    List<AdvantageInput> clean = randomInputs(random, count, false);
    List<AdvantageInput> noisy = new ArrayList<>(clean);
    int failed = 1 + random.nextInt(5);
    for (int f = 0; f < failed; f++) {
      noisy.add(
          random.nextInt(noisy.size() + 1),
          input("bad" + f, "g" + random.nextInt(4), random.nextGaussian() * 1e6, INFRA_FAILED));
    }
    for (AdvantageEstimator e : AdvantageEstimatorTest.estimators()) {
      GroupAdvantages a = GroupAdvantages.compute(clean, e);
      GroupAdvantages b = GroupAdvantages.compute(noisy, e);
      assertThat(b.infraFailedCount()).isEqualTo(a.infraFailedCount() + failed);
      for (int i = 0; i < noisy.size(); i++) {
        AdvantageInput in = noisy.get(i);
        double expected = in.status() == INFRA_FAILED ? 0 : a.advantage(clean.indexOf(in));
        assertThat(b.advantage(i)).as("%s of %s", e.spec(), in.id()).isEqualTo(expected);
      }
    }
  }

  /** Shuffling the inputs shuffles the advantages; groups need not be adjacent. */
  @Property(tries = 200)
  void advantagesDoNotDependOnInputOrder(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int count) {
    Random random = new Random(seed);
    List<AdvantageInput> inputs = randomInputs(random, count, true);
    List<AdvantageInput> shuffled = new ArrayList<>(inputs);
    Collections.shuffle(shuffled, random);
    GroupAdvantages a = GroupAdvantages.compute(inputs, AdvantageEstimator.grpo());
    GroupAdvantages b = GroupAdvantages.compute(shuffled, AdvantageEstimator.grpo());
    for (int i = 0; i < count; i++) {
      assertThat(b.advantage(i))
          .isCloseTo(a.advantage(inputs.indexOf(shuffled.get(i))), within(1e-12));
    }
    assertThat(b.singletonGroupCount()).isEqualTo(a.singletonGroupCount());
    assertThat(b.zeroVarianceGroupCount()).isEqualTo(a.zeroVarianceGroupCount());
  }

  /** Every group with at least two distinct rewards sums to 0 under GRPO, counts add up. */
  @Property(tries = 200)
  void everyGroupIsCenteredAndCountsAddUp(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int count) {
    List<AdvantageInput> inputs = randomInputs(new Random(seed), count, true);
    GroupAdvantages a = GroupAdvantages.compute(inputs, AdvantageEstimator.grpo());
    int failed = 0;
    for (int i = 0; i < count; i++) {
      if (inputs.get(i).status() == INFRA_FAILED) {
        failed++;
        assertThat(a.advantage(i)).isZero();
      }
    }
    assertThat(a.infraFailedCount()).isEqualTo(failed);
    int singletons = 0;
    int zeroVariance = 0;
    for (int g = 0; g < a.groupCount(); g++) {
      int[] m = a.members(g);
      double sum = 0;
      boolean allEqual = true;
      for (int i : m) {
        sum += a.advantage(i);
        allEqual &= inputs.get(i).reward() == inputs.get(m[0]).reward();
      }
      assertThat(sum).isCloseTo(0, within(1e-9));
      singletons += m.length == 1 ? 1 : 0;
      zeroVariance += m.length > 1 && allEqual ? 1 : 0;
    }
    assertThat(a.singletonGroupCount()).isEqualTo(singletons);
    assertThat(a.zeroVarianceGroupCount()).isEqualTo(zeroVariance);
  }

  /** Up to 6 groups of binary or continuous rewards; a quarter of the inputs failed if allowed. */
  static List<AdvantageInput> randomInputs(Random random, int count, boolean withFailures) {
    List<AdvantageInput> out = new ArrayList<>();
    boolean binary = random.nextBoolean();
    for (int i = 0; i < count; i++) {
      TrajectoryStatus status =
          withFailures && random.nextInt(4) == 0
              ? INFRA_FAILED
              : random.nextBoolean() ? OK : TRUNCATED;
      double reward = binary ? random.nextInt(2) : random.nextGaussian();
      out.add(input("t" + i, "g" + random.nextInt(6), reward, status));
    }
    return out;
  }
}
