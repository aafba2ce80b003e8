package dev.arbor.trainer.agent;

import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryTree;
import dev.arbor.tree.arrow.TreeRecord;
import dev.arbor.tree.pack.PackedTree;
import java.util.Arrays;
import java.util.List;

/**
 * Tokenised teacher episodes ({@link EpisodeFormat#tokenize}) as one training record for {@link
 * dev.arbor.trainer.train.TreeTrainer} with {@link dev.arbor.trainer.train.TrainerConfig#sft}: the
 * episodes merged into one tree (they share the suite's system prompt, and often their first
 * words), packed, with advantage 1 each (the SFT loss ignores advantages). The packing ratio
 * ({@code flat / packed} tokens, also in the trainer's step metrics) is what the shared prefix
 * saves.
 */
public final class SftBatch {
  private SftBatch() {}

  /**
   * @throws IllegalArgumentException if {@code episodes} is empty or two share an id
   */
  public static TreeRecord record(String id, List<Trajectory> episodes) {
    if (episodes.isEmpty()) {
      throw new IllegalArgumentException("SFT batch " + id + " has no episodes");
    }
    PackedTree tree = PackedTree.of(TrajectoryTree.of(episodes));
    double[] ones = new double[tree.trajectoryCount()];
    Arrays.fill(ones, 1.0);
    return new TreeRecord(id, tree, ones);
  }

  /** Flat tokens / packed tokens of a record's tree: the factor packing saves. */
  public static double packingRatio(TreeRecord record) {
    return (double) record.tree().flatTokenCount() / record.tree().tokenCount();
  }
}
