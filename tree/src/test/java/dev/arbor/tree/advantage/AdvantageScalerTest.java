package dev.arbor.tree.advantage;

import static dev.arbor.tree.TrajectoryStatus.INFRA_FAILED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AdvantageScalerTest {
  private static final double NO_MODEL_TOKENS = Double.NaN;

  // ---- rollout-entropy: hand-computed ---------------------------------------------------------

  /** H = [2, 1]: mean 1.5, ratios 4/3 and 2/3. */
  @Test
  void rolloutEntropyScalesByTheRatioToTheGroupMean() {
    assertThat(AdvantageScaler.rolloutEntropy().groupScales(new double[] {2, 1}))
        .containsExactly(new double[] {4.0 / 3, 2.0 / 3}, within(1e-15));
  }

  /** alpha = 2: ratios squared, 16/9 and 4/9, the second clipped to 0.5. */
  @Test
  void rolloutEntropyClipsToTheRange() {
    assertThat(AdvantageScaler.rolloutEntropy(2, 0.5, 2).groupScales(new double[] {2, 1}))
        .containsExactly(new double[] {16.0 / 9, 0.5}, within(1e-15));
    // H = [9, 0, 0]: mean 3, ratios 3 -> 2 (max) and 0 -> 0.5 (min).
    assertThat(AdvantageScaler.rolloutEntropy().groupScales(new double[] {9, 0, 0}))
        .containsExactly(2.0, 0.5, 0.5);
  }

  @Test
  void rolloutEntropyEdgeCasesScaleByOne() {
    AdvantageScaler s = AdvantageScaler.rolloutEntropy();
    // Zero entropy everywhere: no reference to compare with.
    assertThat(s.groupScales(new double[] {0, 0, 0})).containsOnly(1.0);
    // A member without MODEL tokens is scaled by 1 and left out of the mean (mean of 1, 3 = 2).
    assertThat(s.groupScales(new double[] {NO_MODEL_TOKENS, 1, 3})).containsExactly(1.0, 0.5, 1.5);
    assertThat(s.groupScales(new double[] {NO_MODEL_TOKENS, NO_MODEL_TOKENS})).containsOnly(1.0);
    // Float round-off below 0 counts as 0 (no NaN from a fractional power of a negative number).
    assertThat(AdvantageScaler.rolloutEntropy(0.5, 0.5, 2).groupScales(new double[] {-1e-9, 2}))
        .containsExactly(0.5, Math.sqrt(2));
    // alpha = 0 turns scaling off.
    assertThat(AdvantageScaler.rolloutEntropy(0, 0.5, 2).groupScales(new double[] {5, 1, 0}))
        .containsOnly(1.0);
  }

  /** The default scalers do nothing per token. */
  @Test
  void perTrajectoryScalersAreTheIdentityPerToken() {
    for (AdvantageScaler s : List.of(AdvantageScaler.none(), AdvantageScaler.rolloutEntropy())) {
      assertThat(s.perToken()).isFalse();
      assertThat(s.tokenAdvantage(-0.7, 3)).isEqualTo(-0.7);
    }
    assertThat(AdvantageScaler.none().groupScales(new double[] {1, 5})).containsOnly(1.0);
    assertThat(AdvantageScaler.defaultScaler()).isEqualTo(AdvantageScaler.rolloutEntropy());
  }

  // ---- token-entropy-bonus: hand-computed -----------------------------------------------------

  /** beta = 0.4, kappa = 2: bonus min(0.4 H, |A| / 2). */
  @Test
  void tokenEntropyBonusAddsACappedBonus() {
    AdvantageScaler s = AdvantageScaler.tokenEntropyBonus(0.4, 2);
    assertThat(s.perToken()).isTrue();
    assertThat(s.tokenAdvantage(1, 0.5)).isCloseTo(1.2, within(1e-15)); // 0.2 < 0.5
    assertThat(s.tokenAdvantage(1, 5)).isEqualTo(1.5); // capped at |A|/2
    assertThat(s.tokenAdvantage(-1, 0.5)).isCloseTo(-0.8, within(1e-15));
    assertThat(s.tokenAdvantage(-1, 5)).isEqualTo(-0.5); // capped: stays negative
    assertThat(s.tokenAdvantage(0, 5)).isZero(); // no signal, no bonus
    assertThat(s.tokenAdvantage(0.3, 0)).isEqualTo(0.3); // zero entropy, no bonus
    assertThat(s.tokenAdvantage(0.3, -1e-9)).isEqualTo(0.3); // round-off counts as 0
    assertThat(s.groupScales(new double[] {1, 5})).containsOnly(1.0);
  }

  /**
   * The kappa condition: A' = A + b with 0 <= b <= |A| / kappa, so for A < 0, A' <= A (1 -
   * 1/kappa). With kappa > 1 the sign of every advantage is kept exactly (0 stays 0); with kappa =
   * 1 a negative advantage may reach 0 but never crosses it.
   */
  @Property(tries = 1000)
  void tokenBonusNeverLowersAndNeverFlipsAdvantages(
      @ForAll @DoubleRange(min = -5, max = 5) double advantage,
      @ForAll @DoubleRange(min = 0, max = 20) double entropy,
      @ForAll @DoubleRange(min = 0, max = 3) double beta,
      @ForAll @DoubleRange(min = 1, max = 10) double kappa) {
    double a = AdvantageScaler.tokenEntropyBonus(beta, kappa).tokenAdvantage(advantage, entropy);
    assertThat(a).isGreaterThanOrEqualTo(advantage);
    assertThat(a - advantage).isLessThanOrEqualTo(Math.abs(advantage) / kappa + 1e-15);
    if (advantage < 0) {
      assertThat(a).isLessThanOrEqualTo(advantage * (1 - 1 / kappa) + 1e-15);
      assertThat(a).isLessThanOrEqualTo(0);
      if (kappa > 1) {
        assertThat(a).isNegative();
      }
    } else {
      assertThat(Math.signum(a)).isEqualTo(Math.signum(advantage));
    }
  }

  /** kappa = 1 is the boundary: a capped negative advantage lands on exactly 0. */
  @Test
  void kappaOneCancelsButDoesNotFlip() {
    assertThat(AdvantageScaler.tokenEntropyBonus(1, 1).tokenAdvantage(-0.5, 10)).isZero();
  }

  // ---- rollout-entropy through the pipeline: invariants --------------------------------------

  /**
   * Rollout-entropy scaling keeps every sign, scales each |A| by a factor in [s_min, s_max], and
   * leaves INFRA_FAILED, singleton and zero-variance trajectories at 0.
   */
  @Property(tries = 300)
  void rolloutEntropyKeepsSignsAndStaysInRange(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 40) int count,
      @ForAll @DoubleRange(min = 0, max = 3) double alpha) {
    Random random = new Random(seed);
    List<AdvantageInput> inputs = new ArrayList<>();
    for (AdvantageInput in : GroupAdvantagesTest.randomInputs(random, count, true)) {
      int tokens = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(50);
      double h = tokens == 0 ? Double.NaN : random.nextInt(5) == 0 ? 0 : 3 * random.nextDouble();
      inputs.add(new AdvantageInput(in.id(), in.groupId(), in.reward(), in.status(), tokens, h));
    }
    AdvantageScaler scaler = AdvantageScaler.rolloutEntropy(alpha, 0.5, 2);
    Advantages scaled = Advantages.compute(inputs, AdvantageEstimator.grpo(), scaler);
    GroupAdvantages base = scaled.groups();
    for (int i = 0; i < count; i++) {
      double a = base.advantage(i);
      double b = scaled.advantage(i);
      assertThat(Math.signum(b)).isEqualTo(Math.signum(a));
      assertThat(scaled.scale(i)).isBetween(0.5, 2.0);
      assertThat(b).isCloseTo(a * scaled.scale(i), within(1e-15));
      if (inputs.get(i).status() == INFRA_FAILED
          || Double.isNaN(inputs.get(i).meanModelEntropy())) {
        assertThat(scaled.scale(i)).isEqualTo(1.0);
      }
    }
  }

  // ---- Configuration -------------------------------------------------------------------------

  @Test
  void parseReadsDefaultsAndOptionsAndSpecRoundTrips() {
    assertThat(AdvantageScaler.parse("none")).isSameAs(AdvantageScaler.none());
    assertThat(AdvantageScaler.parse("rollout-entropy"))
        .isEqualTo(AdvantageScaler.rolloutEntropy());
    assertThat(AdvantageScaler.parse("rollout-entropy").spec())
        .isEqualTo("rollout-entropy:alpha=1,min=0.5,max=2");
    assertThat(AdvantageScaler.parse("rollout-entropy:max=3"))
        .isEqualTo(AdvantageScaler.rolloutEntropy(1, 0.5, 3));
    assertThat(AdvantageScaler.parse("rollout-entropy: alpha = 0.5 , min=0.25,max=4"))
        .isEqualTo(AdvantageScaler.rolloutEntropy(0.5, 0.25, 4));
    assertThat(AdvantageScaler.parse("token-entropy-bonus"))
        .isEqualTo(AdvantageScaler.tokenEntropyBonus(0.4, 2));
    assertThat(AdvantageScaler.parse("token-entropy-bonus:beta=0.1,kappa=3").spec())
        .isEqualTo("token-entropy-bonus:beta=0.1,kappa=3");
    for (AdvantageScaler s :
        List.of(
            AdvantageScaler.none(),
            AdvantageScaler.rolloutEntropy(0.7, 0.3, 2.5),
            AdvantageScaler.tokenEntropyBonus(0.05, 1))) {
      assertThat(AdvantageScaler.parse(s.spec())).isEqualTo(s);
      assertThat(s).hasToString(s.spec());
    }
  }

  @Test
  void parseAndFactoryErrorsNameTheFieldAndTheRange() {
    assertThatThrownBy(() -> AdvantageScaler.parse("entropy"))
        .hasMessage(
            "unknown advantage scaler 'entropy' (allowed: none, rollout-entropy,"
                + " token-entropy-bonus)");
    assertThatThrownBy(() -> AdvantageScaler.parse("rollout-entropy:alpha=1,min=0,max=2"))
        .hasMessage("rollout-entropy: min must be in (0, 1], got 0.0");
    assertThatThrownBy(() -> AdvantageScaler.parse("rollout-entropy:min=1.5"))
        .hasMessage("rollout-entropy: min must be in (0, 1], got 1.5");
    assertThatThrownBy(() -> AdvantageScaler.parse("rollout-entropy:max=0.9"))
        .hasMessage("rollout-entropy: max must be finite and >= 1, got 0.9");
    assertThatThrownBy(() -> AdvantageScaler.parse("rollout-entropy:alpha=-1"))
        .hasMessage("rollout-entropy: alpha must be finite and >= 0, got -1.0");
    assertThatThrownBy(() -> AdvantageScaler.parse("rollout-entropy:alpha=NaN"))
        .hasMessage("rollout-entropy: alpha must be finite and >= 0, got NaN");
    assertThatThrownBy(() -> AdvantageScaler.parse("rollout-entropy:beta=1"))
        .hasMessage(
            "advantage scaler 'rollout-entropy:beta=1': unknown option 'beta' for"
                + " rollout-entropy (allowed: alpha, min, max)");
    assertThatThrownBy(() -> AdvantageScaler.parse("token-entropy-bonus:kappa=0.5"))
        .hasMessage(
            "token-entropy-bonus: kappa must be finite and >= 1 (below 1 the bonus can flip a"
                + " negative advantage), got 0.5");
    assertThatThrownBy(() -> AdvantageScaler.tokenEntropyBonus(-0.1, 2))
        .hasMessage("token-entropy-bonus: beta must be finite and >= 0, got -0.1");
    assertThatThrownBy(() -> AdvantageScaler.parse("none:alpha=1"))
        .hasMessage(
            "advantage scaler 'none:alpha=1': unknown option 'alpha' for none (it takes no"
                + " options)");
    assertThatThrownBy(() -> AdvantageScaler.parse("token-entropy-bonus:beta=0.4,"))
        .hasMessage("advantage scaler 'token-entropy-bonus:beta=0.4,': expected key=value, got ''");
  }
}
