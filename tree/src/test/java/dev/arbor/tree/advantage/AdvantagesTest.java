package dev.arbor.tree.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.arbor.tree.RandomTrajectories;
import dev.arbor.tree.Role;
import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryStatus;
import dev.arbor.tree.TrajectoryTree;
import dev.arbor.tree.pack.FlatWeights;
import dev.arbor.tree.pack.LossWeights;
import dev.arbor.tree.pack.Normalization;
import dev.arbor.tree.pack.PackedTree;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AdvantagesTest {

  private static final Segment PROMPT = Segment.context(Role.PROMPT, 1, 2, 3);

  private static Segment model(float... entropies) {
    int n = entropies.length;
    int[] tokens = new int[n];
    for (int i = 0; i < n; i++) {
      tokens[i] = 10 + i + (int) (entropies[i] * 7);
    }
    return Segment.generated(Role.MODEL, tokens, new float[n], entropies, 0);
  }

  private static Segment toolCall(float entropy) {
    return Segment.generated(
        Role.TOOL_CALL, new int[] {99}, new float[] {0}, new float[] {entropy}, 0);
  }

  private static Trajectory trajectory(
      String id, double reward, TrajectoryStatus status, Segment... segments) {
    return new Trajectory(id, "task", "g", List.of(segments), reward, status);
  }

  /**
   * t1: reward 1, H = 3. t2: reward 0, H = 1 (its tool call, entropy 100, does not count). t3:
   * failed. GRPO (eps 0): A = +-1/sqrt(2). mean H = 2, so s = [1.5, 0.5]: A' = [1.0607, -0.3536].
   */
  @Test
  void pipelineOfAHandBuiltGroup() {
    List<Trajectory> input =
        List.of(
            trajectory("t1", 1, TrajectoryStatus.OK, PROMPT, model(3, 3)),
            trajectory("t2", 0, TrajectoryStatus.TRUNCATED, PROMPT, model(1, 1), toolCall(100)),
            trajectory("t3", 5, TrajectoryStatus.INFRA_FAILED, PROMPT, model(2)));
    List<AdvantageInput> inputs = AdvantageInput.ofTrajectories(input);
    assertThat(inputs.get(1).modelTokens()).isEqualTo(2);
    assertThat(inputs.get(1).meanModelEntropy()).isEqualTo(1.0);

    Advantages a =
        Advantages.compute(inputs, AdvantageEstimator.grpo(0), AdvantageScaler.rolloutEntropy());
    double s = 1 / Math.sqrt(2);
    assertThat(a.groups().advantages()).containsExactly(new double[] {s, -s, 0}, within(1e-15));
    assertThat(a.scale(0)).isEqualTo(1.5);
    assertThat(a.scale(1)).isEqualTo(0.5);
    assertThat(a.scale(2)).isEqualTo(1.0);
    assertThat(a.advantages())
        .containsExactly(new double[] {1.0606601717798212, -0.35355339059327373, 0}, within(1e-15));
    assertThat(a.groups().infraFailedCount()).isEqualTo(1);
    assertThat(a.perToken()).isFalse();

    Advantages none =
        Advantages.compute(inputs, AdvantageEstimator.grpo(0), AdvantageScaler.none());
    assertThat(none.advantages()).isEqualTo(none.groups().advantages());
  }

  /** With the token bonus the stored A'_i stay A_i; the bonus comes per token. */
  @Test
  void tokenBonusLeavesTrajectoryAdvantagesAndAddsPerToken() {
    List<Trajectory> input =
        List.of(
            trajectory("t1", 1, TrajectoryStatus.OK, PROMPT, model(3, 3)),
            trajectory("t2", 0, TrajectoryStatus.OK, PROMPT, model(1, 1)));
    Advantages a =
        Advantages.compute(
            AdvantageInput.ofTrajectories(input),
            AdvantageEstimator.grpoNoStd(),
            AdvantageScaler.tokenEntropyBonus(0.1, 2));
    assertThat(a.advantages()).containsExactly(0.5, -0.5);
    assertThat(a.perToken()).isTrue();
    assertThat(a.tokenAdvantage(0, 1)).isCloseTo(0.6, within(1e-15));
    assertThat(a.tokenAdvantage(1, 1)).isCloseTo(-0.4, within(1e-15));
    assertThat(a.tokenAdvantage(1, 10)).isEqualTo(-0.25);
  }

  /** The very first token of a trajectory has no prediction and does not count towards H_i. */
  @Test
  void firstTokenOfATrajectoryIsNotMeasured() {
    Trajectory t = trajectory("t", 0, TrajectoryStatus.OK, model(9, 1, 3));
    AdvantageInput in = AdvantageInput.of(t);
    assertThat(in.modelTokens()).isEqualTo(2);
    assertThat(in.meanModelEntropy()).isEqualTo(2.0);
    Trajectory onlyTools = trajectory("u", 0, TrajectoryStatus.OK, PROMPT, toolCall(4));
    assertThat(AdvantageInput.of(onlyTools).modelTokens()).isZero();
    assertThat(AdvantageInput.of(onlyTools).meanModelEntropy()).isNaN();
  }

  /** Inputs read from a trajectory, its radix tree and its packed tree agree. */
  @Property(tries = 200)
  void inputsFromTrajectoriesAndTreesAgree(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int count) {
    List<Trajectory> input = grouped(RandomTrajectories.generate(seed, count, 5, 3));
    TrajectoryTree tree = TrajectoryTree.of(input);
    List<AdvantageInput> flat = AdvantageInput.ofTrajectories(input);
    List<AdvantageInput> radix = AdvantageInput.ofTree(tree);
    List<AdvantageInput> packed = AdvantageInput.ofTree(PackedTree.of(tree));
    for (int k = 0; k < count; k++) {
      for (AdvantageInput other : List.of(radix.get(k), packed.get(k))) {
        AdvantageInput f = flat.get(k);
        assertThat(other.id()).isEqualTo(f.id());
        assertThat(other.groupId()).isEqualTo(f.groupId());
        assertThat(other.reward()).isEqualTo(f.reward());
        assertThat(other.status()).isEqualTo(f.status());
        assertThat(other.modelTokens()).isEqualTo(f.modelTokens());
        if (f.modelTokens() == 0) {
          assertThat(other.meanModelEntropy()).isNaN();
        } else {
          assertThat(other.meanModelEntropy()).isCloseTo(f.meanModelEntropy(), within(1e-12));
        }
      }
    }
  }

  /**
   * End to end, for every scaler: advantages computed on the packed tree, turned into packed loss
   * weights, equal the flat reference that computes advantages from the trajectories as generated
   * and weights every flat token with c_i A'_{i,t} (A'_{i,t} from the flat token's own entropy).
   * Tolerance 1e-12 absolute on weights of order 1.
   */
  @Property(tries = 300)
  void packedWeightsOfEveryScalerEqualTheFlatReference(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 30) int count,
      @ForAll @IntRange(min = 0, max = 2) int which,
      @ForAll boolean sequenceMean) {
    AdvantageScaler scaler =
        List.of(
                AdvantageScaler.none(),
                AdvantageScaler.rolloutEntropy(),
                AdvantageScaler.tokenEntropyBonus(0.4, 2))
            .get(which);
    List<Trajectory> input = grouped(RandomTrajectories.generate(seed, count, 5, 3));
    PackedTree packed = PackedTree.of(TrajectoryTree.of(input));
    Normalization norm = sequenceMean ? Normalization.sequenceMean() : Normalization.tokenMean();

    Advantages fromTree = Advantages.compute(packed, AdvantageEstimator.grpo(), scaler);
    LossWeights w = fromTree.lossWeights(packed, norm);
    assertThat(scaler.lossWeights(packed, fromTree.advantages(), norm).positiveAsFloats())
        .isEqualTo(w.positiveAsFloats());

    Advantages fromFlat =
        Advantages.compute(AdvantageInput.ofTrajectories(input), AdvantageEstimator.grpo(), scaler);
    FlatWeights ref =
        FlatWeights.of(
            input,
            packed,
            (k, pos, h) -> scaler.tokenAdvantage(fromFlat.advantage(k), h),
            sequenceMean);
    for (int p = 0; p < packed.tokenCount(); p++) {
      assertThat(w.positive(p)).as("W+ of token %d", p).isCloseTo(ref.positive()[p], within(1e-12));
      assertThat(w.negative(p)).as("W- of token %d", p).isCloseTo(ref.negative()[p], within(1e-12));
      assertThat(w.total(p)).as("S of token %d", p).isCloseTo(ref.total()[p], within(1e-12));
    }
  }

  @Test
  void lossWeightsRefuseAdvantagesOfAnotherTree() {
    List<Trajectory> input =
        List.of(
            trajectory("t1", 1, TrajectoryStatus.OK, PROMPT, model(3, 3)),
            trajectory("t2", 0, TrajectoryStatus.OK, PROMPT, model(1, 1)));
    PackedTree packed = PackedTree.of(TrajectoryTree.of(input));
    Advantages reversed =
        Advantages.compute(
            AdvantageInput.ofTrajectories(List.of(input.get(1), input.get(0))),
            AdvantageEstimator.grpo(),
            AdvantageScaler.none());
    assertThatThrownBy(() -> reversed.lossWeights(packed, Normalization.tokenMean()))
        .hasMessage("advantage 0 belongs to trajectory 't2' but leaf 0 of the tree is 't1'");
    Advantages one =
        Advantages.compute(
            AdvantageInput.ofTrajectories(input.subList(0, 1)),
            AdvantageEstimator.grpo(),
            AdvantageScaler.none());
    assertThatThrownBy(() -> one.lossWeights(packed, Normalization.tokenMean()))
        .hasMessage("advantages cover 1 trajectories but the tree has 2");
    assertThatThrownBy(
            () ->
                AdvantageScaler.tokenEntropyBonus()
                    .lossWeights(packed, new double[1], Normalization.tokenMean()))
        .hasMessage("got 1 advantages for 2 trajectories");
  }

  /** Puts the random trajectories into three groups (by task) so that groups differ in size. */
  private static List<Trajectory> grouped(List<Trajectory> input) {
    List<Trajectory> out = new ArrayList<>();
    for (Trajectory t : input) {
      out.add(new Trajectory(t.id(), t.taskId(), t.taskId(), t.segments(), t.reward(), t.status()));
    }
    return out;
  }
}
