package dev.arbor.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.arbor.app.job.JobConfigReader;
import dev.arbor.app.ray.RaySession;
import dev.arbor.app.ray.RayTarget;
import dev.arbor.app.run.RunFolder;
import dev.arbor.app.train.TrainDriver;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arbor bench pipeline}: the real {@code arbor train} pipeline ({@link TrainDriver}, no
 * benchmark-only code path) on a short RL-only arithmetic job, once synchronous (staleness k = 0)
 * and once overlapped (k = 1), in one Ray session. Reports per k what SeamlessFlow reports: how
 * busy the trainer is, rollout throughput, object-store throughput of the training batches and the
 * wall time per RL step.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Run a short RL-only arithmetic job (tiny model, no SFT, no evaluation) through the train",
      "pipeline once per staleness bound (--staleness, default k=0 synchronous and k=1, where",
      "rollout overlaps training).",
      "Prints per k: trainer_busy_fraction (train+publish time over the RL phase's wall time),",
      "rollout_tokens_per_s (generated tokens over that wall time), object_store_mb_per_s (Arrow",
      "batch bytes over the time of Ray.get of each batch, read by the driver while the trainer",
      "trains on it), iteration_s (RL wall time per step) and mode (local or cluster) as JSON."
    })
final class BenchPipelineCommand implements Callable<Integer> {
  private static final String JOB =
      """
      job: bench-pipeline-k%1$d
      seed: %2$d
      model: {config: tiny}
      suite: {name: arithmetic-tools, levels: [1]}
      roles:
        policy:       {count: %3$d, resources: {}, max_restarts: 1}
        sandbox:      {count: %4$d, resources: {}, max_restarts: 1}
        tree_manager: {count: 1, resources: {}, max_restarts: 0}
        trainer:      {count: 1, resources: {}, max_restarts: 0}
      rollout: {group_size: %5$d, max_turns: 3, max_new_tokens: 24, max_episode_tokens: 128,
                envs_per_sandbox: %6$d}
      train: {lr: 3.0e-4, steps: %7$d, batch_tokens: 100000, staleness: %1$d,
              checkpoint_every: 0, sft_steps: 0, eval_tasks: 0, groups_per_step: %8$d}
      """;

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print JSON (the default and only format).")
  boolean json;

  @Option(
      names = "--ray",
      defaultValue = RayTarget.LOCAL,
      description = "'local' (embedded, one JVM) or HOST:PORT of a Ray head. Default: local.")
  String ray;

  @Option(names = "--steps", defaultValue = "8", description = "RL steps per run.")
  int steps;

  // One policy by default: with two policy actors in Ray LOCAL mode, runs of more than a few
  // steps failed in the policy's generator ("unknown sequence id") and with busy sandbox slots.
  @Option(names = "--policies", defaultValue = "1", description = "Policy actors.")
  int policies;

  @Option(
      names = "--staleness",
      split = ",",
      defaultValue = "0,1",
      paramLabel = "K[,K...]",
      description = "Staleness bounds to run, one run each (default 0,1; LOCAL mode runs k=0).")
  int[] staleness;

  @Option(names = "--sandboxes", defaultValue = "1", description = "Sandbox actors.")
  int sandboxes;

  @Option(names = "--group", defaultValue = "4", description = "Episodes per group G.")
  int group;

  @Option(names = "--groups-per-step", defaultValue = "2", description = "Groups per RL step.")
  int groupsPerStep;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of the job.")
  long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Keep the two run folders under DIR (default: a temp folder, deleted).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (steps < 1) {
      throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
    }
    for (int k : staleness) {
      if (k < 0) {
        throw new IllegalArgumentException("--staleness must be >= 0, got " + k);
      }
    }
    RayTarget target = RayTarget.parse(ray);
    Path root = out != null ? out : Files.createTempDirectory("arbor-bench-pipeline-");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "pipeline");
    result.put("mode", target.isLocal() ? "local" : "cluster");
    result.put("steps", steps);
    result.put("policies", policies);
    result.put("sandboxes", sandboxes);
    result.put("group", group);
    result.put("groups_per_step", groupsPerStep);
    result.put("model", "tiny");
    PrintStream progress = System.err;
    // LOCAL mode: one session per run. Two jobs in one LOCAL session mixed up their actors (a
    // call reached an actor of the other job: ClassCastException, "sandbox busy"); a LOCAL
    // session per job gets its own job id. A cluster session is a per-JVM singleton: one for both.
    try (RaySession shared =
        target.isLocal() ? null : RaySession.start(target, RaySession.DEFAULT_NAMESPACE, root)) {
      for (int k : staleness) {
        if (shared != null) {
          result.put("k" + k, run(shared, root, k, progress));
        } else {
          try (RaySession own = RaySession.start(target, RaySession.DEFAULT_NAMESPACE, root)) {
            result.put("k" + k, run(own, root, k, progress));
          }
        }
      }
    } finally {
      if (out == null) {
        deleteTree(root);
      }
    }
    spec.commandLine()
        .getOut()
        .println(
            new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(result));
    return ArborCli.EXIT_OK;
  }

  private Map<String, Object> run(RaySession session, Path root, int k, PrintStream progress)
      throws Exception {
    int envs = (int) Math.ceil(policies / (double) sandboxes) * group;
    String text = JOB.formatted(k, seed, policies, sandboxes, group, envs, steps, groupsPerStep);
    Path dir = root.resolve("k" + k);
    Map<String, Object> summary;
    try (RunFolder folder = RunFolder.create(dir, text)) {
      summary =
          new TrainDriver(JobConfigReader.parse(text, "bench job"), session, dir, folder, progress)
              .run();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> rl = (Map<String, Object>) summary.get("rl");
    double wall = ((Number) rl.get("wall_seconds")).doubleValue();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("staleness", k);
    // LOCAL mode runs synchronously whatever k asks for (TrainDriver says so): report what ran.
    v.put("effective_staleness", rl.get("staleness"));
    v.put("mode", summary.get("mode"));
    v.put("trainer_busy_fraction", round(rl.get("trainer_busy_fraction"), 4));
    v.put("rollout_tokens_per_s", round(rl.get("rollout_tokens_per_s"), 1));
    v.put("object_store_mb_per_s", round(rl.get("object_store_mb_per_s"), 2));
    v.put("object_store_bytes", rl.get("object_store_bytes"));
    v.put("object_store_get_seconds", round(rl.get("object_store_get_seconds"), 5));
    v.put("iteration_s", round(wall / steps, 3));
    v.put("rl_wall_seconds", round(wall, 2));
    v.put("episodes", rl.get("episodes"));
    v.put("generated_tokens", rl.get("generated_tokens"));
    v.put("policy_lag_histogram", rl.get("policy_lag_histogram"));
    if (out != null) {
      v.put("run_dir", dir.toString());
    }
    return v;
  }

  private static double round(Object value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(((Number) value).doubleValue() * scale) / scale;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
