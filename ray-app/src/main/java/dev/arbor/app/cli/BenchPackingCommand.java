package dev.arbor.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.arbor.trainer.bench.PackingBenchmark;
import dev.arbor.trainer.model.Qwen2Config;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arbor bench packing}: packed vs flat forward+backward on the same trees. */
@Command(
    name = "packing",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Forward+backward on the same trees packed (dense and segment attention) and flat (one",
      "pass per trajectory, and one padded batch), at several shared-prefix fractions. JSON."
    })
final class BenchPackingCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print JSON (the default and only format).")
  boolean json;

  @Option(names = "--model", defaultValue = "small", description = "tiny, small or base.")
  String model;

  @Option(names = "--group", defaultValue = "8", description = "Trajectories per tree.")
  int group;

  @Option(names = "--length", defaultValue = "256", description = "Tokens per trajectory.")
  int length;

  @Option(
      names = "--shared",
      split = ",",
      defaultValue = "0.5,0.75,0.9",
      description = "Shared-prefix fractions (1 - packed/flat).")
  double[] shared;

  @Option(names = "--repeats", defaultValue = "3", description = "Timed runs per case (median).")
  int repeats;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of weights and trees.")
  long seed;

  @Override
  public Integer call() throws Exception {
    Qwen2Config config = Qwen2Config.named(model);
    List<PackingBenchmark.Row> rows =
        PackingBenchmark.run(
            config,
            group,
            length,
            shared,
            repeats,
            seed,
            line -> spec.commandLine().getErr().println("bench packing: " + line));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("benchmark", "packing");
    out.put("model", model);
    out.put("parameters", paramCount(config));
    out.put("group", group);
    out.put("length", length);
    out.put("repeats", repeats);
    List<Map<String, Object>> table = new ArrayList<>();
    for (PackingBenchmark.Row r : rows) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("shared_target", r.sharedTarget());
      row.put("shared_actual", round(r.sharedActual(), 3));
      row.put("flat_tokens", r.flatTokens());
      row.put("packed_tokens", r.packedTokens());
      row.put("token_ratio", round(r.tokenRatio(), 2));
      row.put("flat_ms", round(r.flatMs(), 1));
      row.put("flat_batched_ms", round(r.flatBatchedMs(), 1));
      row.put("packed_dense_ms", round(r.packedDenseMs(), 1));
      row.put("packed_segment_ms", round(r.packedSegmentMs(), 1));
      row.put("packed_ms", round(r.packedMs(), 1));
      row.put("speedup", round(r.speedup(), 2));
      row.put("efficiency", round(r.efficiency(), 2));
      row.put("grad_rel_err", r.gradRelErr());
      row.put("dense_score_pairs", r.denseScorePairs());
      row.put("segment_score_pairs", r.segmentScorePairs());
      row.put("peak_rss_mb", round(r.peakRssMb(), 0));
      table.add(row);
    }
    out.put("rows", table);
    out.put("cores", Runtime.getRuntime().availableProcessors());
    spec.commandLine()
        .getOut()
        .println(
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    return ArborCli.EXIT_OK;
  }

  private static long paramCount(Qwen2Config c) {
    long n = 0;
    for (long[] shape : c.expectedTensors().values()) {
      long s = 1;
      for (long d : shape) {
        s *= d;
      }
      n += s;
    }
    return n;
  }

  private static double round(double v, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale;
  }
}
