package dev.arbor.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.arbor.tree.bench.TreeBenchmark;
import dev.arbor.tree.synth.SyntheticWorkload;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arbor bench tree}: insert, pack and Arrow throughput on a synthetic agentic workload. */
@Command(
    name = "tree",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Measure tree insert, packing and Arrow encode/decode on a synthetic agentic workload",
      "(default 64 tasks x 8 rollouts x 6 turns, ~40 % shared prefix). Prints one JSON object."
    })
final class BenchTreeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Targets on a 2-core machine (issue: foundation). */
  static final double TARGET_TOKENS_PER_S = 20e6;

  static final double TARGET_ARROW_MB_PER_S = 500;

  @Option(
      names = "--json",
      description = "Print JSON (the default and only format; kept for scripts).")
  boolean json;

  @Option(names = "--tasks", defaultValue = "64", description = "Tasks (trees).")
  int tasks;

  @Option(names = "--rollouts", defaultValue = "8", description = "Rollouts per task.")
  int rollouts;

  @Option(names = "--turns", defaultValue = "6", description = "Turns per rollout.")
  int turns;

  @Option(names = "--seed", defaultValue = "1", description = "Workload seed.")
  long seed;

  @Option(
      names = "--warmup",
      defaultValue = "30",
      description = "Untimed rounds (the JIT needs about 20 to settle).")
  int warmup;

  @Option(names = "--iterations", defaultValue = "20", description = "Timed rounds (median).")
  int iterations;

  @Override
  public Integer call() throws Exception {
    SyntheticWorkload d = SyntheticWorkload.agenticDefault(seed);
    SyntheticWorkload w =
        new SyntheticWorkload(
            tasks,
            rollouts,
            turns,
            d.promptTokens(),
            d.modelTokens(),
            d.toolCallTokens(),
            d.toolResultTokens(),
            Math.min(d.maxSharedTurns(), turns),
            d.vocab(),
            seed);
    int rounds = warmup + iterations;
    TreeBenchmark.Result r =
        TreeBenchmark.run(
            w,
            warmup,
            iterations,
            done -> spec.commandLine().getErr().printf("bench tree: round %d/%d%n", done, rounds));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("benchmark", "tree");
    out.put("trees", r.trees());
    out.put("trajectories", r.trajectories());
    out.put("turns", turns);
    out.put("flat_tokens", r.flatTokens());
    out.put("packed_tokens", r.packedTokens());
    out.put("shared_prefix_ratio", round(r.sharedPrefixRatio(), 4));
    out.put("arrow_bytes", r.arrowBytes());
    out.put("insert_tokens_per_s", Math.round(r.insertTokensPerS()));
    out.put("pack_tokens_per_s", Math.round(r.packTokensPerS()));
    out.put("arrow_encode_mb_per_s", round(r.arrowEncodeMbPerS(), 1));
    out.put("arrow_decode_mb_per_s", round(r.arrowDecodeMbPerS(), 1));
    out.put("warmup", warmup);
    out.put("iterations", r.iterations());
    Map<String, Boolean> targets = new LinkedHashMap<>();
    targets.put("insert_20m_tokens_per_s", r.insertTokensPerS() >= TARGET_TOKENS_PER_S);
    targets.put("pack_20m_tokens_per_s", r.packTokensPerS() >= TARGET_TOKENS_PER_S);
    targets.put("arrow_encode_500_mb_per_s", r.arrowEncodeMbPerS() >= TARGET_ARROW_MB_PER_S);
    targets.put("arrow_decode_500_mb_per_s", r.arrowDecodeMbPerS() >= TARGET_ARROW_MB_PER_S);
    out.put("meets_targets", targets);
    out.put("cores", Runtime.getRuntime().availableProcessors());
    out.put("java", System.getProperty("java.version"));
    spec.commandLine()
        .getOut()
        .println(
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    return ArborCli.EXIT_OK;
  }

  private static double round(double v, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale;
  }
}
