package dev.arbor.tree.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.arbor.tree.RandomTrajectories;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryTree;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** {@link LossWeights#ofTokenAdvantages} against the flat reference {@link FlatWeights}. */
class TokenLossWeightsTest {

  /**
   * Advantages that differ per (trajectory, token) and change sign along a trajectory, so that a
   * shared token lands in W+ for some trajectories and in W- for others. Tolerance 1e-12 absolute:
   * weights are O(1) sums of at most 30 terms in a different order.
   */
  @Property(tries = 300)
  void packedTokenWeightsEqualSummedFlatWeights(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 30) int count,
      @ForAll boolean sequenceMean) {
    List<Trajectory> input = RandomTrajectories.generate(seed, count, 5, 3);
    PackedTree packed = PackedTree.of(TrajectoryTree.of(input));
    double[][] byPosition = randomTokenAdvantages(seed, input);
    Normalization norm = sequenceMean ? Normalization.sequenceMean() : Normalization.tokenMean();
    // The packed side asks by packed index; map it back to the flat position (the depth).
    LossWeights w =
        LossWeights.ofTokenAdvantages(packed, (k, t) -> byPosition[k][packed.positionId(t)], norm);
    FlatWeights ref =
        FlatWeights.of(input, packed, (k, pos, h) -> byPosition[k][pos], sequenceMean);

    double packedSum = 0;
    for (int p = 0; p < packed.tokenCount(); p++) {
      assertThat(w.positive(p)).as("W+ of token %d", p).isCloseTo(ref.positive()[p], within(1e-12));
      assertThat(w.negative(p)).as("W- of token %d", p).isCloseTo(ref.negative()[p], within(1e-12));
      assertThat(w.total(p)).as("S of token %d", p).isCloseTo(ref.total()[p], within(1e-12));
      assertThat(w.positive(p)).isGreaterThanOrEqualTo(0);
      assertThat(w.negative(p)).isLessThanOrEqualTo(0);
      if (!packed.trainable(p)) {
        assertThat(w.total(p)).isZero();
      }
      packedSum += w.positive(p) + w.negative(p);
    }
    for (int k = 0; k < count; k++) {
      assertThat(w.coefficient(k)).isCloseTo(ref.coefficient()[k], within(1e-15));
    }
    assertThat(packedSum).isCloseTo(ref.flatSum(), within(1e-9));
  }

  /** With one advantage per trajectory the O(flat) path reproduces the O(nodes + tokens) one. */
  @Property(tries = 200)
  void tokenPathEqualsTrajectoryPathForConstantAdvantages(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 30) int count,
      @ForAll boolean sequenceMean) {
    List<Trajectory> input = RandomTrajectories.generate(seed, count, 5, 3);
    PackedTree packed = PackedTree.of(TrajectoryTree.of(input));
    double[] advantages = new Random(seed).doubles(count, -2, 2).toArray();
    Normalization norm = sequenceMean ? Normalization.sequenceMean() : Normalization.tokenMean();
    LossWeights fast = LossWeights.of(packed, advantages, norm);
    LossWeights slow =
        LossWeights.ofTokenAdvantages(packed, TokenAdvantages.perTrajectory(advantages), norm);
    for (int p = 0; p < packed.tokenCount(); p++) {
      assertThat(slow.positive(p)).isCloseTo(fast.positive(p), within(1e-12));
      assertThat(slow.negative(p)).isCloseTo(fast.negative(p), within(1e-12));
      assertThat(slow.total(p)).isCloseTo(fast.total(p), within(1e-12));
    }
    for (int k = 0; k < count; k++) {
      assertThat(slow.coefficient(k)).isEqualTo(fast.coefficient(k));
      assertThat(slow.trainableTokens(k)).isEqualTo(fast.trainableTokens(k));
    }
  }

  @Property(tries = 20)
  void nonFiniteTokenAdvantageNamesTrajectoryAndToken(@ForAll long seed) {
    List<Trajectory> input = RandomTrajectories.generate(seed, 4, 4, 3);
    PackedTree packed = PackedTree.of(TrajectoryTree.of(input));
    LossWeights zero =
        LossWeights.ofTokenAdvantages(packed, (k, t) -> 0.0, Normalization.tokenMean());
    int bad = -1;
    for (int k = 0; k < 4 && bad < 0; k++) {
      if (zero.coefficient(k) > 0) {
        bad = k;
      }
    }
    if (bad < 0) {
      return; // no trajectory contributes: nothing is asked
    }
    int target = bad;
    assertThatThrownBy(
            () ->
                LossWeights.ofTokenAdvantages(
                    packed, (k, t) -> k == target ? Double.NaN : 0.0, Normalization.tokenMean()))
        .hasMessageContaining("'t" + target + "' at token ")
        .hasMessageContaining("NaN");
  }

  /** Per trajectory, per flat position: uniform in [-2, 2], a fresh sign at every token. */
  private static double[][] randomTokenAdvantages(long seed, List<Trajectory> input) {
    Random random = new Random(~seed);
    double[][] out = new double[input.size()][];
    for (int k = 0; k < out.length; k++) {
      out[k] = random.doubles(input.get(k).length(), -2, 2).toArray();
    }
    return out;
  }
}
