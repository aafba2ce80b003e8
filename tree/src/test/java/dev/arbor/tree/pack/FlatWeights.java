package dev.arbor.tree.pack;

import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import java.util.List;

/**
 * The slow reference for loss weights: lay every trajectory out flat from its own segments, give
 * each of its trainable tokens the weight {@code c_i A_{i,t}}, and add the flat weights up per
 * packed token. Shares no code with {@link LossWeights}.
 *
 * @param positive W+ per packed token
 * @param negative W- per packed token
 * @param total S per packed token
 * @param coefficient c_i per trajectory
 * @param flatSum sum over all flat trainable tokens of c_i A_{i,t}
 */
public record FlatWeights(
    double[] positive, double[] negative, double[] total, double[] coefficient, double flatSum) {

  /** {@code A_{i,t}} of trajectory {@code i} at flat position {@code position}. */
  @FunctionalInterface
  public interface FlatAdvantage {
    double at(int trajectory, int position, float entropy);
  }

  /**
   * @param input the trajectories as inserted, in leaf order
   * @param packed the packed tree of {@code input} (only used to map flat positions to packed ones)
   */
  public static FlatWeights of(
      List<Trajectory> input, PackedTree packed, FlatAdvantage advantage, boolean sequenceMean) {
    int count = input.size();
    int[] trainable = new int[count];
    long tokens = 0;
    int sequences = 0;
    for (int k = 0; k < count; k++) {
      Trajectory t = input.get(k);
      int n = 0;
      int position = 0;
      for (Segment s : t.segments()) {
        for (int i = 0; i < s.length(); i++, position++) {
          if (position > 0 && s.role().generated()) {
            n++;
          }
        }
      }
      if (t.status().trainable() && n > 0) {
        trainable[k] = n;
        tokens += n;
        sequences++;
      }
    }
    int size = packed.tokenCount();
    double[] pos = new double[size];
    double[] neg = new double[size];
    double[] total = new double[size];
    double[] coefficient = new double[count];
    double flatSum = 0;
    for (int k = 0; k < count; k++) {
      if (trainable[k] == 0) {
        continue;
      }
      double c = sequenceMean ? 1.0 / (sequences * (double) trainable[k]) : 1.0 / tokens;
      coefficient[k] = c;
      int[] packedIndex = FlatSequence.of(packed, k).packedIndex();
      int position = 0;
      for (Segment s : input.get(k).segments()) {
        for (int i = 0; i < s.length(); i++, position++) {
          if (position == 0 || !s.role().generated()) {
            continue;
          }
          int p = packedIndex[position];
          if (packed.tokenId(p) != s.token(i) || packed.role(p) != s.role()) {
            throw new AssertionError("flat position " + position + " of " + k + " maps wrongly");
          }
          double a = advantage.at(k, position, s.entropy(i));
          double v = c * a;
          if (a >= 0) {
            pos[p] += v;
          } else {
            neg[p] += v;
          }
          total[p] += c;
          flatSum += v;
        }
      }
    }
    return new FlatWeights(pos, neg, total, coefficient, flatSum);
  }
}
