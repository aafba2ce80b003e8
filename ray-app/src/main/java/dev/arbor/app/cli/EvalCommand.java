package dev.arbor.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.arbor.app.job.Job;
import dev.arbor.app.job.JobConfig;
import dev.arbor.app.job.JobConfigReader;
import dev.arbor.app.ray.RaySession;
import dev.arbor.app.ray.RayTarget;
import dev.arbor.app.run.RunLog;
import dev.arbor.app.train.HeldOutEval;
import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tasks.suite.Split;
import dev.arbor.tasks.suite.arithmetic.ArithmeticSuite;
import dev.arbor.trainer.agent.EpisodeFormat;
import dev.arbor.trainer.tokenizer.ByteTokenizer;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code arbor eval}: scores a saved checkpoint on held-out tasks through the same actors and the
 * same evaluation as {@code arbor train} ({@link HeldOutEval}): greedy, one episode per task, on
 * the suite's test split. Prints the solve rate with its Wilson 95 % interval, turns per solved
 * task and tool calls per tool-calling turn.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Evaluate a checkpoint folder (config.json, model.safetensors; e.g.",
      "runs/<name>/checkpoints/step-N) on held-out tasks: one greedy episode per task through",
      "policy and sandbox actors. Prints solve rate with a 95% Wilson interval, turns per solved",
      "task and tool calls per turn."
    })
final class EvalCommand implements Callable<Integer> {
  private static final String JOB =
      """
      job: eval
      seed: 0
      model: {dir: "%s"}
      suite: {name: %s, levels: %s}
      roles:
        policy:       {count: %d, resources: {}, max_restarts: 1}
        sandbox:      {count: 1, resources: {}, max_restarts: 1}
        tree_manager: {count: 1, resources: {}, max_restarts: 0}
        trainer:      {count: 1, resources: {}, max_restarts: 0}
      rollout: {group_size: 1, temperature: %s, max_turns: %d, max_new_tokens: %d, envs_per_sandbox: %d,
                groups_per_call: %d}
      """;

  /** Tasks each policy plays per call, decoded as one batch. */
  private static final int TASKS_PER_CALL = 8;

  @Spec CommandSpec spec;

  @Option(
      names = "--checkpoint",
      required = true,
      paramLabel = "DIR",
      description = "Hugging Face checkpoint folder (config.json, model.safetensors).")
  Path checkpoint;

  @Option(
      names = "--tasks",
      defaultValue = ArithmeticSuite.NAME,
      description = "Task suite (only ${DEFAULT-VALUE} has a held-out split here).")
  String tasks;

  @Option(
      names = "--levels",
      split = ",",
      paramLabel = "L",
      description = "Difficulty levels, e.g. 1,2 (default: all of the suite's).")
  List<Integer> levels;

  @Option(names = "--count", defaultValue = "50", description = "Held-out tasks (the first N).")
  int count;

  @Option(names = "--policies", defaultValue = "1", description = "Policy actors in parallel.")
  int policies;

  @Option(names = "--max-turns", defaultValue = "6", description = "Agent turns per episode.")
  int maxTurns;

  @Option(names = "--max-new-tokens", defaultValue = "96", description = "Tokens per turn.")
  int maxNewTokens;

  @Option(
      names = "--samples",
      defaultValue = "0",
      paramLabel = "K",
      description =
          "Also play K sampled episodes per task at --temperature and report their mean solve"
              + " rate (default: ${DEFAULT-VALUE}, greedy only).")
  int samples;

  @Option(
      names = "--temperature",
      defaultValue = "0.7",
      description = "Sampling temperature of --samples (default: ${DEFAULT-VALUE}).")
  double temperature;

  @Option(
      names = "--ray",
      defaultValue = RayTarget.LOCAL,
      description = "'local' (embedded, one JVM) or HOST:PORT of a Ray head. Default: local.")
  String ray;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(checkpoint.resolve("config.json"))) {
      throw new ParameterException(
          spec.commandLine(),
          "--checkpoint: "
              + checkpoint
              + " has no config.json (expected a checkpoint folder such as"
              + " runs/<name>/checkpoints/step-N)");
    }
    if (!tasks.equals(ArithmeticSuite.NAME)) {
      throw new ParameterException(
          spec.commandLine(),
          "--tasks: '" + tasks + "' has no held-out split here; use " + ArithmeticSuite.NAME);
    }
    if (samples < 0) {
      throw new ParameterException(spec.commandLine(), "--samples must be >= 0, got " + samples);
    }
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new ParameterException(
          spec.commandLine(), "--temperature must be > 0, got " + temperature);
    }
    if (count < 1) {
      throw new ParameterException(spec.commandLine(), "--count must be >= 1, got " + count);
    }
    String text =
        JOB.formatted(
            checkpoint.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\""),
            tasks,
            levels == null ? "[]" : levels.toString(),
            policies,
            Double.toString(temperature),
            maxTurns,
            maxNewTokens,
            policies * TASKS_PER_CALL * Math.max(1, samples),
            TASKS_PER_CALL);
    JobConfig config = JobConfigReader.parse(text, "eval job");
    ArithmeticSuite suite = suite();
    List<TaskSpec> heldOut = suite.heldOut(Math.min(count, suite.tasks(Split.TEST).size()));
    PrintStream progress = System.err; // stdout holds only the result
    long t0 = System.nanoTime();
    Map<String, Double> values;
    try (RaySession session =
            RaySession.start(RayTarget.parse(ray), RaySession.DEFAULT_NAMESPACE, null);
        Job job = Job.start(config, session, null)) {
      values =
          new HeldOutEval(
                  job, new EpisodeFormat(new ByteTokenizer()), RunLog.tee(), progress, samples)
              .run(heldOut, "eval", 0);
    }
    Map<String, Object> result = result(values, heldOut.size(), (System.nanoTime() - t0) / 1e9);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
    } else {
      out.printf(
          "%s: solve rate %.3f (95%% Wilson interval %.3f-%.3f) over %d held-out %s tasks%n",
          checkpoint,
          values.get("solve_rate"),
          result.get("solve_rate_ci95_low"),
          result.get("solve_rate_ci95_high"),
          heldOut.size(),
          tasks);
      if (samples > 0) {
        out.printf(
            "sampled solve rate %.3f +- %.3f (%d samples per task at temperature %s)%n",
            values.get("sampled_solve_rate"),
            values.get("sampled_solve_rate_ci95"),
            samples,
            temperature);
      }
      out.printf(
          "turns per solved task %.2f, tool calls per turn %.2f, truncated %d, infra failed %d%n",
          values.get("turns_per_solved"),
          values.get("calls_per_turn"),
          values.get("truncated").longValue(),
          values.get("infra_failed").longValue());
    }
    return ArborCli.EXIT_OK;
  }

  private ArithmeticSuite suite() {
    ArithmeticSuite.Builder b = ArithmeticSuite.builder();
    if (levels != null && !levels.isEmpty()) {
      b.optLevels(levels.stream().mapToInt(Integer::intValue).toArray());
    }
    return b.build();
  }

  private Map<String, Object> result(Map<String, Double> values, int n, double seconds) {
    double[] ci =
        HeldOutEval.wilson95(values.get("solve_rate"), values.get("episodes").longValue());
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("checkpoint", checkpoint.toString());
    r.put("tasks", tasks);
    r.put("levels", levels == null ? List.of() : levels);
    r.put("count", n);
    r.put("mode", RayTarget.parse(ray).isLocal() ? "local" : "cluster");
    r.put("solve_rate", values.get("solve_rate"));
    r.put("solve_rate_ci95_low", ci[0]);
    r.put("solve_rate_ci95_high", ci[1]);
    r.put("turns_per_solved", values.get("turns_per_solved"));
    r.put("calls_per_turn", values.get("calls_per_turn"));
    r.put("episodes", values.get("episodes").longValue());
    r.put("truncated", values.get("truncated").longValue());
    r.put("infra_failed", values.get("infra_failed").longValue());
    if (samples > 0) {
      r.put("samples", samples);
      r.put("temperature", temperature);
      r.put("sampled_solve_rate", values.get("sampled_solve_rate"));
      r.put("sampled_solve_rate_ci95", values.get("sampled_solve_rate_ci95"));
    }
    r.put("wall_seconds", seconds);
    return r;
  }
}
