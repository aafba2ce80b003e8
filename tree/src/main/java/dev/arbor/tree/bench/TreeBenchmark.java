package dev.arbor.tree.bench;

import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryTree;
import dev.arbor.tree.arrow.TreeArrow;
import dev.arbor.tree.arrow.TreeEncoder;
import dev.arbor.tree.arrow.TreeFormatException;
import dev.arbor.tree.arrow.TreeRecord;
import dev.arbor.tree.pack.PackedTree;
import dev.arbor.tree.synth.SyntheticWorkload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Measures the tree pipeline on a {@link SyntheticWorkload}: insert every group into its tree, pack
 * the trees, encode all trees as one Arrow IPC stream (with a long-lived {@link TreeEncoder}, as a
 * tree manager holds one) and decode it again. Each stage runs {@code warmup} untimed and {@code
 * iterations} timed rounds; the reported rate is the median round's. Rates: insert in flat tokens
 * per second (tokens handed to {@code insert}), pack in packed tokens per second (tokens laid out),
 * Arrow in megabytes (10^6 bytes) of IPC stream per second.
 */
public final class TreeBenchmark {

  /** What one benchmark run measured. */
  public record Result(
      int trees,
      int trajectories,
      long flatTokens,
      long packedTokens,
      double sharedPrefixRatio,
      long arrowBytes,
      double insertTokensPerS,
      double packTokensPerS,
      double arrowEncodeMbPerS,
      double arrowDecodeMbPerS,
      int iterations) {}

  private TreeBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param progress called with the number of finished rounds (warm-up included) after each
   */
  public static Result run(
      SyntheticWorkload workload, int warmup, int iterations, IntConsumer progress)
      throws TreeFormatException {
    if (iterations <= 0 || warmup < 0) {
      throw new IllegalArgumentException("iterations must be > 0 and warmup >= 0");
    }
    List<List<Trajectory>> groups = workload.groups();
    int rounds = warmup + iterations;
    long[] insertNs = new long[iterations];
    long[] packNs = new long[iterations];
    long[] encodeNs = new long[iterations];
    long[] decodeNs = new long[iterations];
    long flat = 0;
    long packedTokens = 0;
    long bytes = 0;
    int trajectories = 0;
    try (BufferAllocator allocator = new RootAllocator();
        TreeEncoder encoder = new TreeEncoder(allocator)) {
      for (int round = 0; round < rounds; round++) {
        long t0 = System.nanoTime();
        List<TrajectoryTree> trees = new ArrayList<>(groups.size());
        for (List<Trajectory> group : groups) {
          trees.add(TrajectoryTree.of(group));
        }
        long t1 = System.nanoTime();
        List<TreeRecord> records = new ArrayList<>(trees.size());
        for (int i = 0; i < trees.size(); i++) {
          records.add(TreeRecord.of("tree-" + i, PackedTree.of(trees.get(i))));
        }
        long t2 = System.nanoTime();
        byte[] encoded = encoder.encode(records);
        long t3 = System.nanoTime();
        List<TreeRecord> decoded = TreeArrow.fromBytes(encoded, "benchmark");
        long t4 = System.nanoTime();
        if (decoded.size() != records.size()) {
          throw new IllegalStateException("decoded " + decoded.size() + " of " + records.size());
        }
        if (round >= warmup) {
          int k = round - warmup;
          insertNs[k] = t1 - t0;
          packNs[k] = t2 - t1;
          encodeNs[k] = t3 - t2;
          decodeNs[k] = t4 - t3;
        }
        flat = 0;
        packedTokens = 0;
        trajectories = 0;
        for (TrajectoryTree t : trees) {
          flat += t.flatTokenCount();
          packedTokens += t.tokenCount();
          trajectories += t.trajectoryCount();
        }
        bytes = encoded.length;
        progress.accept(round + 1);
      }
    }
    return new Result(
        groups.size(),
        trajectories,
        flat,
        packedTokens,
        1.0 - (double) packedTokens / flat,
        bytes,
        flat / seconds(insertNs),
        packedTokens / seconds(packNs),
        bytes / 1e6 / seconds(encodeNs),
        bytes / 1e6 / seconds(decodeNs),
        iterations);
  }

  private static double seconds(long[] ns) {
    long[] sorted = ns.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e9;
  }
}
