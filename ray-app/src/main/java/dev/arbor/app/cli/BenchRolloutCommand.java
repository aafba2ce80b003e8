package dev.arbor.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.arbor.trainer.bench.RolloutBenchmark;
import dev.arbor.trainer.model.Qwen2Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arbor bench rollout}: generation throughput with and without the prefix cache. */
@Command(
    name = "rollout",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Generates G branches of one shared prompt in one batch (temperature 1, a fixed number of",
      "new tokens each) with the prefix cache (the prompt is computed once and shared) and",
      "without (every branch prefills it). Prints tokens/s, prefix hit rate, speedup and the",
      "ideal speedup (ratio of tokens computed without and with reuse) as JSON."
    })
final class BenchRolloutCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print JSON (the default and only format).")
  boolean json;

  @Option(names = "--model", defaultValue = "small", description = "tiny, small or base.")
  String model;

  @Option(names = "--group", defaultValue = "8", description = "Branches G.")
  int group;

  @Option(names = "--prompt", defaultValue = "256", description = "Shared prompt tokens.")
  int prompt;

  @Option(names = "--new-tokens", defaultValue = "64", description = "New tokens per branch.")
  int newTokens;

  @Option(names = "--repeats", defaultValue = "5", description = "Timed pairs (median).")
  int repeats;

  @Option(names = "--warmup", defaultValue = "2", description = "Untimed pairs first.")
  int warmup;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "PyTorch intra-op threads (0: leave PyTorch's default).")
  int threads;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of weights, prompt, sampling.")
  long seed;

  @Override
  public Integer call() throws Exception {
    Qwen2Config config = Qwen2Config.named(model);
    if (threads < 0) {
      throw new IllegalArgumentException("--threads must be >= 0, got " + threads);
    }
    if (threads > 0) {
      RolloutBenchmark.setTorchThreads(threads);
    }
    double loadBefore = loadAverage();
    RolloutBenchmark.Result r =
        RolloutBenchmark.run(
            config,
            group,
            prompt,
            newTokens,
            repeats,
            warmup,
            seed,
            line -> spec.commandLine().getErr().println("bench rollout: " + line));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("benchmark", "rollout");
    out.put("model", model);
    out.put("group", group);
    out.put("prompt_tokens", prompt);
    out.put("new_tokens", newTokens);
    out.put("repeats", repeats);
    out.put("warmup", warmup);
    out.put("tokens_per_s_cached", round(r.tokensPerSecondCached(), 1));
    out.put("tokens_per_s_uncached", round(r.tokensPerSecondUncached(), 1));
    out.put("prefix_hit_rate", round(r.prefixHitRate(), 4));
    out.put("speedup", round(r.speedup(), 3));
    out.put("computed_tokens_cached", r.computedTokensCached());
    out.put("computed_tokens_uncached", r.computedTokensUncached());
    out.put("ideal_speedup", round(r.idealSpeedup(), 3));
    out.put("speedup_vs_ideal", round(r.speedupVsIdeal(), 3));
    out.put("ideal_speedup_at_measured_cost", round(r.idealSpeedupAtMeasuredCost(), 3));
    out.put(
        "speedup_vs_ideal_at_measured_cost",
        round(r.speedup() / r.idealSpeedupAtMeasuredCost(), 3));
    out.put("speedup_cpu", round(r.cpuSpeedup(), 3));
    out.put("speedup_cpu_vs_ideal", round(r.cpuSpeedup() / r.idealSpeedup(), 3));
    out.put("prefill_speedup", round(r.prefillSpeedup(), 3));
    out.put("prefill_ideal_speedup", round(r.prefillIdealSpeedup(), 3));
    out.put("prefill_speedup_vs_ideal", round(r.prefillSpeedup() / r.prefillIdealSpeedup(), 3));
    out.put("cached_ms", round(r.cachedMs(), 1));
    out.put("uncached_ms", round(r.uncachedMs(), 1));
    out.put("cached_prefill_ms", round(r.cachedPrefillMs(), 1));
    out.put("cached_decode_ms", round(r.cachedDecodeMs(), 1));
    out.put("uncached_prefill_ms", round(r.uncachedPrefillMs(), 1));
    out.put("uncached_decode_ms", round(r.uncachedDecodeMs(), 1));
    out.put("cpu_ms_cached", round(r.cachedCpuMs(), 1));
    out.put("cpu_ms_uncached", round(r.uncachedCpuMs(), 1));
    out.put("torch_threads", RolloutBenchmark.torchThreads());
    out.put("cores", Runtime.getRuntime().availableProcessors());
    out.put("load_average_1m_before", loadBefore);
    out.put("load_average_1m_after", loadAverage());
    spec.commandLine()
        .getOut()
        .println(
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    return ArborCli.EXIT_OK;
  }

  /** The 1-minute load average (Linux), or -1 where it cannot be read. */
  private static double loadAverage() {
    try {
      String s = Files.readString(Path.of("/proc/loadavg")).trim();
      return Double.parseDouble(s.substring(0, s.indexOf(' ')));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static double round(double v, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale;
  }
}
