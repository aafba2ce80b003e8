package dev.arbor.trainer.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.arbor.trainer.forward.AttentionKind;
import dev.arbor.trainer.forward.Forward;
import dev.arbor.trainer.forward.TokenScores;
import dev.arbor.trainer.loss.PolicyLoss;
import dev.arbor.trainer.loss.TokenWeights;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.trainer.model.SegmentAttention;
import dev.arbor.trainer.train.Gradients;
import dev.arbor.tree.Role;
import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryStatus;
import dev.arbor.tree.TrajectoryTree;
import dev.arbor.tree.pack.FlatSequence;
import dev.arbor.tree.pack.LossWeights;
import dev.arbor.tree.pack.Normalization;
import dev.arbor.tree.pack.PackedTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Forward + backward over the same trees packed and flat: flat as one pass per trajectory, flat
 * batched with padding, and packed with the dense and the segment attention. Trees are groups of
 * {@code group} trajectories of {@code length} tokens that share a prompt and then branch twice
 * (after the prompt, and once more halfway through the rest), sized so that the shared fraction
 * {@code 1 - packed / flat} is the requested one. Reports the median of {@code repeats} timed runs
 * after one warm-up, and the relative error of the packed gradient against the flat one.
 */
public final class PackingBenchmark {

  /** One row of the packing table. */
  public record Row(
      double sharedTarget,
      double sharedActual,
      long flatTokens,
      long packedTokens,
      double tokenRatio,
      double flatMs,
      double flatBatchedMs,
      double packedDenseMs,
      double packedSegmentMs,
      double packedMs,
      double speedup,
      double efficiency,
      double gradRelErr,
      long denseScorePairs,
      long segmentScorePairs,
      double peakRssMb) {}

  private PackingBenchmark() {}

  /** Runs one row per shared fraction. */
  public static List<Row> run(
      Qwen2Config config,
      int group,
      int length,
      double[] shared,
      int repeats,
      long seed,
      Consumer<String> progress) {
    List<Row> rows = new ArrayList<>();
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(config, seed, root)) {
      model.setRequiresGradient(true);
      for (double s : shared) {
        PackedTree tree = tree(group, length, s, config.vocabSize(), seed);
        rows.add(row(model, tree, s, repeats, root, progress));
      }
    }
    return rows;
  }

  /**
   * A group sharing a prompt of P tokens, then two branches of H tokens each, each branching again
   * into group/2 tails of L - P - H tokens. Flat = G L; packed = P + 2H + G (L - P - H).
   */
  static PackedTree tree(int group, int length, double shared, int vocab, long seed) {
    Random random = new Random(seed);
    // Choose P and H = (L - P) / 4 so that packed / flat = 1 - shared.
    int best = 1;
    double bestErr = Double.MAX_VALUE;
    for (int p = 1; p < length - 4; p++) {
      int h = (length - p) / 4;
      double packed = p + 2.0 * h + (double) group * (length - p - h);
      double err = Math.abs(1 - packed / ((double) group * length) - shared);
      if (err < bestErr) {
        bestErr = err;
        best = p;
      }
    }
    int p = best;
    int h = (length - p) / 4;
    int[] prompt = ids(random, p, vocab);
    int[][] mids = {ids(random, h, vocab), ids(random, h, vocab)};
    List<Trajectory> trajectories = new ArrayList<>();
    for (int g = 0; g < group; g++) {
      int tail = length - p - h;
      List<Segment> segs = new ArrayList<>();
      segs.add(Segment.context(Role.PROMPT, prompt));
      if (h > 0) {
        segs.add(generated(mids[g % 2], random));
      }
      segs.add(generated(ids(random, tail, vocab), random));
      trajectories.add(new Trajectory("r" + g, "bench", "g", segs, g % 2, TrajectoryStatus.OK));
    }
    return PackedTree.of(TrajectoryTree.of(trajectories));
  }

  private static int[] ids(Random random, int n, int vocab) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = random.nextInt(vocab);
    }
    return out;
  }

  private static Segment generated(int[] ids, Random random) {
    float[] lp = new float[ids.length];
    float[] ent = new float[ids.length];
    for (int i = 0; i < ids.length; i++) {
      lp[i] = (float) -random.nextDouble();
      ent[i] = (float) random.nextDouble();
    }
    return Segment.generated(Role.MODEL, ids, lp, ent, 0);
  }

  private static Row row(
      Qwen2Model model,
      PackedTree tree,
      double target,
      int repeats,
      NDManager root,
      Consumer<String> progress) {
    int k = tree.trajectoryCount();
    double[] adv = new double[k];
    for (int i = 0; i < k; i++) {
      adv[i] = i % 2 == 0 ? 1 : -1;
    }
    LossWeights weights = LossWeights.of(tree, adv, Normalization.tokenMean());
    PolicyLoss loss = PolicyLoss.ppoClip(0.2, 0.28);
    List<FlatSequence> flats = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      flats.add(FlatSequence.of(tree, i));
    }
    String label = String.format("shared %.2f", target);
    double flatMs =
        time(
            repeats,
            () -> flatPass(model, tree, flats, weights, adv, loss, root),
            label + " flat",
            progress);
    Map<String, float[]> flatGrad = Gradients.copy(model.parameters());
    double batchedMs =
        time(
            repeats,
            () -> batchedPass(model, flats, weights, adv, loss, root),
            label + " flat batched",
            progress);
    double denseMs =
        time(
            repeats,
            () -> packedPass(model, tree, AttentionKind.DENSE, weights, loss, root),
            label + " packed dense",
            progress);
    double segmentMs =
        time(
            repeats,
            () -> packedPass(model, tree, AttentionKind.SEGMENT, weights, loss, root),
            label + " packed segment",
            progress);
    Map<String, float[]> packedGrad = Gradients.copy(model.parameters());
    long segmentPairs;
    try (NDManager m = root.newSubManager()) {
      segmentPairs = new SegmentAttention(m, tree).cost();
    }
    long flat = tree.flatTokenCount();
    long packed = tree.tokenCount();
    double ratio = (double) flat / packed;
    double packedMs = Math.min(denseMs, segmentMs);
    double speedup = Math.min(flatMs, batchedMs) / packedMs;
    return new Row(
        target,
        1.0 - (double) packed / flat,
        flat,
        packed,
        ratio,
        flatMs,
        batchedMs,
        denseMs,
        segmentMs,
        packedMs,
        speedup,
        speedup / ratio,
        relativeError(packedGrad, flatGrad),
        packed * packed,
        segmentPairs,
        peakRssMb());
  }

  private static void flatPass(
      Qwen2Model model,
      PackedTree tree,
      List<FlatSequence> flats,
      LossWeights weights,
      double[] adv,
      PolicyLoss loss,
      NDManager root) {
    Gradients.zero(model.parameters());
    for (int i = 0; i < flats.size(); i++) {
      FlatSequence seq = flats.get(i);
      try (NDManager m = root.newSubManager();
          GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        TokenScores s = Forward.flat(model, seq, m);
        NDArray old = s.logprobs().stopGradient();
        gc.backward(
            loss.compute(
                    s.logprobs(),
                    old,
                    null,
                    null,
                    TokenWeights.flat(seq, weights.coefficient(i), adv[i], m))
                .loss());
      }
    }
  }

  private static void batchedPass(
      Qwen2Model model,
      List<FlatSequence> flats,
      LossWeights weights,
      double[] adv,
      PolicyLoss loss,
      NDManager root) {
    Gradients.zero(model.parameters());
    try (NDManager m = root.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      List<TokenScores> scores = Forward.flatBatch(model, flats, m);
      NDArray total = null;
      for (int i = 0; i < flats.size(); i++) {
        TokenScores s = scores.get(i);
        NDArray l =
            loss.compute(
                    s.logprobs(),
                    s.logprobs().stopGradient(),
                    null,
                    null,
                    TokenWeights.flat(flats.get(i), weights.coefficient(i), adv[i], m))
                .loss();
        total = total == null ? l : total.add(l);
      }
      gc.backward(total);
    }
  }

  private static void packedPass(
      Qwen2Model model,
      PackedTree tree,
      AttentionKind kind,
      LossWeights weights,
      PolicyLoss loss,
      NDManager root) {
    Gradients.zero(model.parameters());
    try (NDManager m = root.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      TokenScores s = Forward.packed(model, tree, kind, m);
      gc.backward(
          loss.compute(
                  s.logprobs(),
                  s.logprobs().stopGradient(),
                  null,
                  null,
                  TokenWeights.of(weights, m))
              .loss());
    }
  }

  private static double time(int repeats, Runnable pass, String label, Consumer<String> progress) {
    pass.run(); // warm-up
    double[] ms = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      pass.run();
      ms[r] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    progress.accept(String.format("%s: %.1f ms", label, ms[repeats / 2]));
    return ms[repeats / 2];
  }

  static double relativeError(Map<String, float[]> a, Map<String, float[]> b) {
    double diff = 0;
    double norm = 0;
    for (String name : b.keySet()) {
      float[] x = a.get(name);
      float[] y = b.get(name);
      for (int i = 0; i < y.length; i++) {
        double d = x[i] - y[i];
        diff += d * d;
        norm += (double) y[i] * y[i];
      }
    }
    return Math.sqrt(diff / Math.max(norm, 1e-30));
  }

  /** Peak resident set size of this process (VmHWM), in MiB; 0 where /proc is absent. */
  static double peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (Exception e) {
      return 0;
    }
    return 0;
  }
}
