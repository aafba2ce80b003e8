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

class LossWeightsTest {

  /**
   * The slow reference: lay every trajectory out flat, give each of its trainable tokens the weight
   * c_i A_i, and add the flat weights up per packed token.
   */
  @Property(tries = 300)
  void packedWeightsEqualSummedFlatWeights(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 30) int count,
      @ForAll boolean sequenceMean) {
    List<Trajectory> input = RandomTrajectories.generate(seed, count, 5, 3);
    PackedTree packed = PackedTree.of(TrajectoryTree.of(input));
    double[] advantages = new Random(seed).doubles(count, -2, 2).toArray();
    Normalization norm = sequenceMean ? Normalization.sequenceMean() : Normalization.tokenMean();
    LossWeights w = LossWeights.of(packed, advantages, norm);

    int t = packed.tokenCount();
    double[] refPos = new double[t];
    double[] refNeg = new double[t];
    double[] refTotal = new double[t];
    long tokens = 0;
    int sequences = 0;
    int[] trainable = new int[count];
    for (int k = 0; k < count; k++) {
      FlatSequence flat = FlatSequence.of(packed, k);
      if (input.get(k).status().trainable() && flat.trainableCount() > 0) {
        trainable[k] = flat.trainableCount();
        tokens += trainable[k];
        sequences++;
      }
    }
    double flatSum = 0;
    for (int k = 0; k < count; k++) {
      if (trainable[k] == 0) {
        assertThat(w.coefficient(k)).isZero();
        continue;
      }
      double c = sequenceMean ? 1.0 / (sequences * (double) trainable[k]) : 1.0 / tokens;
      assertThat(w.coefficient(k)).isCloseTo(c, within(1e-15));
      assertThat(w.trainableTokens(k)).isEqualTo(trainable[k]);
      FlatSequence flat = FlatSequence.of(packed, k);
      for (int i = 0; i < flat.length(); i++) {
        if (flat.trainable()[i]) {
          int p = flat.packedIndex()[i];
          double v = c * advantages[k];
          if (advantages[k] >= 0) {
            refPos[p] += v;
          } else {
            refNeg[p] += v;
          }
          refTotal[p] += c;
          flatSum += v;
        }
      }
    }
    double packedSum = 0;
    for (int p = 0; p < t; p++) {
      assertThat(w.positive(p)).as("W+ of token %d", p).isCloseTo(refPos[p], within(1e-12));
      assertThat(w.negative(p)).as("W- of token %d", p).isCloseTo(refNeg[p], within(1e-12));
      assertThat(w.total(p)).as("S of token %d", p).isCloseTo(refTotal[p], within(1e-12));
      packedSum += w.positive(p) + w.negative(p);
    }
    assertThat(packedSum).isCloseTo(flatSum, within(1e-9));
  }

  @Property(tries = 50)
  void tokenMeanCoefficientsOfAllTrainableTrajectoriesSumToOneOverTheBatch(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int count) {
    List<Trajectory> input = RandomTrajectories.generate(seed, count, 5, 3);
    PackedTree packed = PackedTree.of(TrajectoryTree.of(input));
    LossWeights w = LossWeights.of(packed, new double[count], Normalization.tokenMean(1000));
    for (int k = 0; k < count; k++) {
      assertThat(w.coefficient(k)).isIn(0.0, 1.0 / 1000);
    }
  }

  @Property(tries = 20)
  void badAdvantagesAreRejected(@ForAll long seed) {
    List<Trajectory> input = RandomTrajectories.generate(seed, 3, 2, 3);
    PackedTree packed = PackedTree.of(TrajectoryTree.of(input));
    assertThatThrownBy(() -> LossWeights.of(packed, new double[2], Normalization.tokenMean()))
        .hasMessageContaining("2 advantages for 3 trajectories");
    assertThatThrownBy(
            () ->
                LossWeights.of(packed, new double[] {0, Double.NaN, 0}, Normalization.tokenMean()))
        .hasMessageContaining("'t1'");
  }
}
