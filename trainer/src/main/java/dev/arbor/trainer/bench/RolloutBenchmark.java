package dev.arbor.trainer.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.arbor.trainer.generate.Generator;
import dev.arbor.trainer.generate.GeneratorStats;
import dev.arbor.trainer.generate.PrefixCache;
import dev.arbor.trainer.generate.SamplingParams;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.model.Qwen2Model;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Generation throughput with and without the prefix cache: G sequences started from one shared
 * prompt (as G samples of a task, or G branches of one state arrive), each generating exactly
 * {@code newTokens} tokens (temperature 1, no EOS), in one batch.
 *
 * <p>Uncached, each sequence prefills the whole prompt (one [G, P] forward), then decodes. Cached,
 * the prompt minus its last token is computed once, inserted into a fresh {@link PrefixCache} and
 * shared; each sequence feeds only the last prompt token, then decodes. Decoding is the same in
 * both. The ideal speedup is the ratio of tokens the model computes (prefill + decode) without and
 * with reuse; it assumes every computed token costs the same, which decoding (one token per
 * sequence per step, overhead-bound on a CPU) does not: see {@link
 * Result#idealSpeedupAtMeasuredCost()}.
 *
 * <p>Cached and uncached runs alternate, each first in every other pair (so machine load and order
 * effects hit both alike); after {@code warmup} pairs, the medians of {@code repeats} pairs are
 * reported: wall time, its prefill and decode parts, and the CPU time of the calling thread, which
 * is all the compute when PyTorch runs one intra-op thread and is far less disturbed by other
 * processes on a shared machine than wall time.
 */
public final class RolloutBenchmark {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  /** Medians of the timed runs and what they imply. */
  public record Result(
      int group,
      int promptLength,
      int newTokens,
      int repeats,
      double tokensPerSecondCached,
      double tokensPerSecondUncached,
      double prefixHitRate,
      double speedup,
      long computedTokensCached,
      long computedTokensUncached,
      double idealSpeedup,
      double speedupVsIdeal,
      double cachedMs,
      double uncachedMs,
      double cachedPrefillMs,
      double cachedDecodeMs,
      double uncachedPrefillMs,
      double uncachedDecodeMs,
      double cachedCpuMs,
      double uncachedCpuMs,
      long prefillTokensCached,
      long prefillTokensUncached) {

    /**
     * The speedup if the prefill tokens the cache saves cost nothing and all else stayed as
     * measured uncached: uncached / (uncached - uncached prefill x saved fraction). Unlike {@link
     * #idealSpeedup()}, it weighs prefill and decode tokens by their measured cost.
     */
    public double idealSpeedupAtMeasuredCost() {
      double saved = 1 - (double) prefillTokensCached / prefillTokensUncached;
      return uncachedMs / (uncachedMs - uncachedPrefillMs * saved);
    }

    /** Uncached / cached prefill tokens computed: what the prefix cache saves at best. */
    public double prefillIdealSpeedup() {
      return (double) prefillTokensUncached / prefillTokensCached;
    }

    /** Uncached / cached prefill time (the part the prefix cache acts on). */
    public double prefillSpeedup() {
      return uncachedPrefillMs / cachedPrefillMs;
    }

    /** Uncached / cached CPU time of the calling thread (all compute with one torch thread). */
    public double cpuSpeedup() {
      return uncachedCpuMs / cachedCpuMs;
    }
  }

  /** One timed run. */
  private record Run(
      double ms, double prefillMs, double decodeMs, double cpuMs, GeneratorStats stats) {}

  private RolloutBenchmark() {}

  /** Runs {@code warmup} untimed and {@code repeats} timed pairs of (cached, uncached). */
  public static Result run(
      Qwen2Config config,
      int group,
      int promptLength,
      int newTokens,
      int repeats,
      int warmup,
      long seed,
      Consumer<String> progress) {
    check("group", group, 1);
    check("prompt length", promptLength, 2);
    check("new tokens", newTokens, 1);
    check("repeats", repeats, 1);
    check("warmup", warmup, 0);
    if (promptLength + newTokens > config.maxPositionEmbeddings()) {
      throw new IllegalArgumentException(
          "prompt + new tokens = "
              + (promptLength + newTokens)
              + " exceeds the model's max_position_embeddings "
              + config.maxPositionEmbeddings());
    }
    int[] prompt = new Random(seed).ints(promptLength, 0, config.vocabSize()).toArray();
    List<Run> cached = new ArrayList<>();
    List<Run> uncached = new ArrayList<>();
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(config, seed, root)) {
      for (int i = 0; i < warmup + repeats; i++) {
        // Alternate which mode goes first, so order effects (GC, caches) do not favour one.
        Run c;
        Run u;
        if (i % 2 == 0) {
          c = once(model, prompt, group, newTokens, true, seed + i, root);
          u = once(model, prompt, group, newTokens, false, seed + i, root);
        } else {
          u = once(model, prompt, group, newTokens, false, seed + i, root);
          c = once(model, prompt, group, newTokens, true, seed + i, root);
        }
        String what = i < warmup ? "warm-up " + (i + 1) + "/" + warmup : "run " + (i + 1 - warmup);
        progress.accept(
            String.format("%s: cached %.0f ms, uncached %.0f ms", what, c.ms(), u.ms()));
        if (i >= warmup) {
          cached.add(c);
          uncached.add(u);
        }
      }
    }
    GeneratorStats cs = cached.get(0).stats();
    GeneratorStats us = uncached.get(0).stats();
    double cMs = median(cached.stream().mapToDouble(Run::ms).toArray());
    double uMs = median(uncached.stream().mapToDouble(Run::ms).toArray());
    double generated = (double) group * newTokens;
    double speedup = uMs / cMs;
    double ideal = (double) us.computedTokens() / cs.computedTokens();
    return new Result(
        group,
        promptLength,
        newTokens,
        repeats,
        generated / (cMs / 1e3),
        generated / (uMs / 1e3),
        cs.prefixHitRate(),
        speedup,
        cs.computedTokens(),
        us.computedTokens(),
        ideal,
        speedup / ideal,
        cMs,
        uMs,
        median(cached.stream().mapToDouble(Run::prefillMs).toArray()),
        median(cached.stream().mapToDouble(Run::decodeMs).toArray()),
        median(uncached.stream().mapToDouble(Run::prefillMs).toArray()),
        median(uncached.stream().mapToDouble(Run::decodeMs).toArray()),
        median(cached.stream().mapToDouble(Run::cpuMs).toArray()),
        median(uncached.stream().mapToDouble(Run::cpuMs).toArray()),
        cs.prefillTokens(),
        us.prefillTokens());
  }

  private static Run once(
      Qwen2Model model,
      int[] prompt,
      int group,
      int newTokens,
      boolean cached,
      long seed,
      NDManager root) {
    try (PrefixCache cache = cached ? new PrefixCache(root, 4L * prompt.length) : null;
        Generator gen = new Generator(model, cache, root)) {
      List<Integer> ids = new ArrayList<>();
      for (int g = 0; g < group; g++) {
        ids.add(gen.start(prompt, seed * 1_000 + g));
      }
      long c0 = CPU.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      gen.generate(ids, SamplingParams.of(1.0, 1.0, newTokens), 0);
      double ms = (System.nanoTime() - t0) / 1e6;
      double cpuMs = (CPU.getCurrentThreadCpuTime() - c0) / 1e6;
      GeneratorStats s = gen.stats();
      if (s.generatedTokens() != (long) group * newTokens) {
        throw new IllegalStateException("generated " + s.generatedTokens() + " tokens");
      }
      return new Run(ms, s.prefillNanos() / 1e6, s.decodeNanos() / 1e6, cpuMs, s);
    }
  }

  /** Sets PyTorch's intra-op thread count for this process (loads the engine first). */
  public static void setTorchThreads(int threads) {
    check("threads", threads, 1);
    Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(threads);
  }

  /** PyTorch's intra-op thread count. */
  public static int torchThreads() {
    Engine.getEngine("PyTorch");
    return JniUtils.getNumThreads();
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static void check(String what, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(what + " must be >= " + min + ", got " + value);
    }
  }
}
