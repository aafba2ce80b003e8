package dev.arbor.tree.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AdvantageEstimatorTest {

  // ---- Hand-computed examples ----------------------------------------------------------------

  /** r = [3, 1, 2]: mean 2, deviations [1, -1, 0], sample variance 2/2 = 1. */
  @Test
  void grpoOfASmallGroup() {
    assertThat(AdvantageEstimator.grpo(0).estimate(new double[] {3, 1, 2}))
        .containsExactly(1.0, -1.0, 0.0);
  }

  /** r = [1, 0, 0, 1]: mean 0.5, sample std sqrt(1/3), A = +-0.5 / (sqrt(1/3) + 1e-6). */
  @Test
  void grpoWithTheDefaultEpsilon() {
    double[] a = AdvantageEstimator.grpo().estimate(new double[] {1, 0, 0, 1});
    assertThat(a[0]).isCloseTo(0.8660239037870365, within(1e-15));
    assertThat(a[1]).isCloseTo(-0.8660239037870365, within(1e-15));
    assertThat(AdvantageEstimator.grpo(0).estimate(new double[] {1, 0, 0, 1})[0])
        .isCloseTo(Math.sqrt(3) / 2, within(1e-15));
  }

  /** The sample std (n - 1): for [1, 0] it is sqrt(1/2), so A = +-1/sqrt(2), not +-1. */
  @Test
  void grpoUsesTheSampleStandardDeviation() {
    double[] a = AdvantageEstimator.grpo(0).estimate(new double[] {1, 0});
    assertThat(a[0]).isCloseTo(1 / Math.sqrt(2), within(1e-15));
    assertThat(a[1]).isCloseTo(-1 / Math.sqrt(2), within(1e-15));
  }

  @Test
  void grpoNoStdCentersOnly() {
    assertThat(AdvantageEstimator.grpoNoStd().estimate(new double[] {3, 1, 2}))
        .containsExactly(1.0, -1.0, 0.0);
    assertThat(AdvantageEstimator.grpoNoStd().estimate(new double[] {1, 0, 0, 0}))
        .containsExactly(0.75, -0.25, -0.25, -0.25);
  }

  /** r = [3, 1, 2]: baselines (1+2)/2, (3+2)/2, (3+1)/2 = 1.5, 2.5, 2. */
  @Test
  void rlooSubtractsTheMeanOfTheOthers() {
    assertThat(AdvantageEstimator.rloo().estimate(new double[] {3, 1, 2}))
        .containsExactly(1.5, -1.5, 0.0);
    assertThat(AdvantageEstimator.rloo().estimate(new double[] {1, 0, 0, 0}))
        .containsExactly(1.0, -1.0 / 3, -1.0 / 3, -1.0 / 3);
  }

  /** 0.1 * 3 / 3 != 0.1 in floating point; equal rewards must still give exactly 0. */
  @Test
  void equalRewardsAndSingletonsGiveZero() {
    for (AdvantageEstimator e : estimators()) {
      assertThat(e.estimate(new double[] {0.1, 0.1, 0.1})).as(e.spec()).containsOnly(0.0);
      assertThat(e.estimate(new double[] {7})).as(e.spec()).containsExactly(0.0);
      assertThat(e.estimate(new double[0])).as(e.spec()).isEmpty();
    }
  }

  // ---- Invariants ----------------------------------------------------------------------------

  /** Group advantages of GRPO sum to 0 and have sample std std/(std + eps), i.e. ~1. */
  @Property(tries = 300)
  void grpoAdvantagesAreCenteredWithUnitStd(
      @ForAll long seed, @ForAll @IntRange(min = 2, max = 16) int n, @ForAll boolean binary) {
    double[] r = rewards(seed, n, binary);
    double[] a = AdvantageEstimator.grpo().estimate(r);
    if (GroupAdvantages.degenerate(r)) {
      assertThat(a).containsOnly(0.0);
      return;
    }
    double std = sampleStd(r);
    assertThat(sum(a)).isCloseTo(0, within(1e-9));
    assertThat(sampleStd(a)).isCloseTo(std / (std + 1e-6), within(1e-9));
    assertThat(sampleStd(AdvantageEstimator.grpo(0).estimate(r))).isCloseTo(1, within(1e-9));
  }

  /** GRPO without eps is invariant to r -> scale * r + shift (scale > 0). */
  @Property(tries = 200)
  void grpoIsAffineInvariant(
      @ForAll long seed, @ForAll @IntRange(min = 2, max = 16) int n, @ForAll boolean binary) {
    Random random = new Random(seed);
    double[] r = rewards(seed, n, binary);
    double scale = 0.1 + 10 * random.nextDouble();
    double shift = -5 + 10 * random.nextDouble();
    double[] moved = new double[n];
    for (int i = 0; i < n; i++) {
      moved[i] = scale * r[i] + shift;
    }
    double[] a = AdvantageEstimator.grpo(0).estimate(r);
    double[] b = AdvantageEstimator.grpo(0).estimate(moved);
    for (int i = 0; i < n; i++) {
      assertThat(b[i]).isCloseTo(a[i], within(1e-8));
    }
  }

  /** Dr. GRPO sums to 0; RLOO is n/(n-1) times Dr. GRPO, hence also sums to 0. */
  @Property(tries = 300)
  void centeredEstimatorsSumToZeroAndRlooIsScaledDrGrpo(
      @ForAll long seed, @ForAll @IntRange(min = 2, max = 16) int n, @ForAll boolean binary) {
    double[] r = rewards(seed, n, binary);
    double[] centered = AdvantageEstimator.grpoNoStd().estimate(r);
    double[] rloo = AdvantageEstimator.rloo().estimate(r);
    assertThat(sum(centered)).isCloseTo(0, within(1e-9));
    assertThat(sum(rloo)).isCloseTo(0, within(1e-9));
    for (int i = 0; i < n; i++) {
      assertThat(rloo[i]).isCloseTo(centered[i] * n / (n - 1), within(1e-9));
    }
  }

  /** Reordering a group reorders its advantages and changes nothing else. */
  @Property(tries = 100)
  void estimatorsArePermutationEquivariant(
      @ForAll long seed, @ForAll @IntRange(min = 2, max = 16) int n) {
    double[] r = rewards(seed, n, false);
    double[] reversed = new double[n];
    for (int i = 0; i < n; i++) {
      reversed[i] = r[n - 1 - i];
    }
    for (AdvantageEstimator e : estimators()) {
      double[] a = e.estimate(r);
      double[] b = e.estimate(reversed);
      for (int i = 0; i < n; i++) {
        assertThat(b[n - 1 - i]).as(e.spec()).isCloseTo(a[i], within(1e-12));
      }
    }
  }

  // ---- Configuration -------------------------------------------------------------------------

  @Test
  void parseReadsEveryEstimatorAndSpecRoundTrips() {
    assertThat(AdvantageEstimator.parse("grpo").spec()).isEqualTo("grpo");
    assertThat(AdvantageEstimator.parse(" grpo:eps=1e-8 ").spec()).isEqualTo("grpo:eps=1.0E-8");
    assertThat(AdvantageEstimator.parse("grpo:eps=0").spec()).isEqualTo("grpo:eps=0");
    assertThat(AdvantageEstimator.parse("grpo-no-std").spec()).isEqualTo("grpo-no-std");
    assertThat(AdvantageEstimator.parse("dr-grpo").spec()).isEqualTo("grpo-no-std");
    assertThat(AdvantageEstimator.parse("rloo").spec()).isEqualTo("rloo");
    for (AdvantageEstimator e : estimators()) {
      assertThat(AdvantageEstimator.parse(e.spec())).isEqualTo(e);
    }
  }

  @Test
  void parseErrorsSayWhatWasWrong() {
    assertThatThrownBy(() -> AdvantageEstimator.parse("ppo"))
        .hasMessage(
            "unknown advantage estimator 'ppo' (allowed: grpo, grpo-no-std, dr-grpo, rloo)");
    assertThatThrownBy(() -> AdvantageEstimator.parse("grpo:eps=-1"))
        .hasMessage("grpo: eps must be finite and >= 0, got -1.0");
    assertThatThrownBy(() -> AdvantageEstimator.parse("grpo:epsilon=1"))
        .hasMessage(
            "advantage estimator 'grpo:epsilon=1': unknown option 'epsilon' for grpo"
                + " (allowed: eps)");
    assertThatThrownBy(() -> AdvantageEstimator.parse("rloo:eps=1"))
        .hasMessageContaining("(it takes no options)");
    assertThatThrownBy(() -> AdvantageEstimator.parse("grpo:eps=tiny"))
        .hasMessage("advantage estimator 'grpo:eps=tiny': eps is not a number: 'tiny'");
    assertThatThrownBy(() -> AdvantageEstimator.parse("grpo:eps"))
        .hasMessage("advantage estimator 'grpo:eps': expected key=value, got 'eps'");
    assertThatThrownBy(() -> AdvantageEstimator.parse("grpo:eps=1,eps=2"))
        .hasMessageContaining("eps is set twice");
    assertThatThrownBy(() -> AdvantageEstimator.parse(" "))
        .hasMessage("advantage estimator is empty");
  }

  // ---- Helpers -------------------------------------------------------------------------------

  static AdvantageEstimator[] estimators() {
    return new AdvantageEstimator[] {
      AdvantageEstimator.grpo(), AdvantageEstimator.grpoNoStd(), AdvantageEstimator.rloo()
    };
  }

  /** Binary (pass/fail, often degenerate) or continuous rewards. */
  static double[] rewards(long seed, int n, boolean binary) {
    Random random = new Random(seed);
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = binary ? random.nextInt(2) : random.nextGaussian() * 3;
    }
    return r;
  }

  static double sum(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s;
  }

  static double sampleStd(double[] a) {
    double mean = sum(a) / a.length;
    double squares = 0;
    for (double v : a) {
      squares += (v - mean) * (v - mean);
    }
    return Math.sqrt(squares / (a.length - 1));
  }
}
