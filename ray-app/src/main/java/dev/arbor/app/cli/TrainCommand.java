package dev.arbor.app.cli;

import dev.arbor.app.job.JobConfig;
import dev.arbor.app.job.JobConfigReader;
import dev.arbor.app.ray.RaySession;
import dev.arbor.app.ray.RayTarget;
import dev.arbor.app.report.Plots;
import dev.arbor.app.run.RunFolder;
import dev.arbor.app.run.RunLog;
import dev.arbor.app.status.LiveRunStatus;
import dev.arbor.app.status.StatusServer;
import dev.arbor.app.train.TrainDriver;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code arbor train}: runs a job (SFT warm-up, evaluation, RL, evaluation) on Ray, embedded by
 * default, into {@code runs/<run name>/}.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Train a policy: SFT warm-up on teacher episodes, then RL with tree rollouts and packed",
      "updates, with held-out evaluations before and after RL. Writes runs/<run name>/ (config,",
      "metrics.jsonl, checkpoints, plots, summary.json)."
    })
final class TrainCommand implements Callable<Integer> {
  static final String DEFAULT_CONFIG = "resources/jobs/arithmetic.yaml";

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      defaultValue = DEFAULT_CONFIG,
      paramLabel = "FILE",
      description = "Job config (YAML). Default: ${DEFAULT-VALUE}.")
  Path configFile;

  @Option(
      names = "--ray",
      defaultValue = RayTarget.LOCAL,
      description = "'local' (embedded, one JVM) or HOST:PORT of a Ray head. Default: local.")
  String ray;

  @Option(names = "--policies", paramLabel = "N", description = "Policy actors (overrides).")
  Integer policies;

  @Option(names = "--sandboxes", paramLabel = "N", description = "Sandbox actors (overrides).")
  Integer sandboxes;

  @Option(names = "--steps", paramLabel = "N", description = "RL steps (overrides).")
  Integer steps;

  @Option(
      names = "--run-name",
      paramLabel = "NAME",
      description = "Run folder name under runs/ (default: the job's name, plus a time stamp).")
  String runName;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Override one key of the job config (repeatable), e.g. --set train.scaler=none"
              + " --set seed=18 --set train.packing=flat.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--resume", description = "Continue the run from its newest checkpoint.")
  boolean resume;

  @Option(
      names = "--ui-port",
      paramLabel = "PORT",
      description = "Serve the live status page on 127.0.0.1:PORT (0 = any free port).")
  Integer uiPort;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(configFile)) {
      throw new ParameterException(
          spec.commandLine(),
          "--config: job config " + configFile + " not found (run from the project root?)");
    }
    if (resume && runName == null) {
      throw new ParameterException(spec.commandLine(), "--resume needs --run-name");
    }
    JobConfig config =
        JobConfigReader.read(configFile, sets)
            .withOverrides(
                new JobConfig.Overrides(policies, sandboxes, steps, runName, resume ? true : null));
    Path runDir = Path.of("runs", config.runName());
    if (runName == null && Files.exists(runDir)) {
      String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
      config =
          config.withOverrides(
              new JobConfig.Overrides(null, null, null, config.runName() + "-" + stamp, null));
      runDir = Path.of("runs", config.runName());
    }
    PrintWriter out = spec.commandLine().getOut();
    String text = Files.readString(configFile);
    if (!sets.isEmpty()) {
      text += "\n# with --set " + String.join(" --set ", sets) + "\n";
    }
    LiveRunStatus live = new LiveRunStatus(RunFolder.DEFAULT_KEEP_TRAJECTORIES);
    live.config(text);
    try (RunFolder folder =
            resume
                ? RunFolder.resume(runDir, RunFolder.DEFAULT_KEEP_TRAJECTORIES)
                : RunFolder.create(runDir, text);
        StatusServer server = uiPort == null ? null : StatusServer.start(live, uiPort)) {
      out.printf("run folder %s%n", runDir);
      if (server != null) {
        out.printf("status page %s%n", server.uri());
      }
      out.flush();
      Map<String, Object> summary;
      try (RaySession session =
          RaySession.start(RayTarget.parse(ray), RaySession.DEFAULT_NAMESPACE, runDir)) {
        summary =
            new TrainDriver(config, session, runDir, RunLog.tee(folder, live), System.out).run();
      }
      plots(runDir, out);
      out.printf("summary %s%n", runDir.resolve(RunFolder.SUMMARY));
      report(summary, out);
    }
    return ArborCli.EXIT_OK;
  }

  private static void plots(Path runDir, PrintWriter out) {
    try {
      out.printf(
          "plots: %d PNG files in %s%n", Plots.render(runDir).size(), runDir.resolve("plots"));
    } catch (IOException | RuntimeException e) {
      out.printf("plots: not written (%s)%n", e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static void report(Map<String, Object> summary, PrintWriter out) {
    Object before = summary.get("eval_before_rl");
    Object after = summary.get("eval_after_rl");
    if (before instanceof Map<?, ?> b && after instanceof Map<?, ?> a) {
      out.printf(
          "held-out solve rate (greedy): %.3f after SFT -> %.3f after RL%n",
          (Double) ((Map<String, Object>) b).get("solve_rate"),
          (Double) ((Map<String, Object>) a).get("solve_rate"));
      if (b.get("sampled_solve_rate") instanceof Double sb
          && a.get("sampled_solve_rate") instanceof Double sa) {
        out.printf("held-out solve rate (sampled): %.3f after SFT -> %.3f after RL%n", sb, sa);
      }
    }
    if (summary.get("teacher_forced_before_rl") instanceof Map<?, ?> b
        && summary.get("teacher_forced_after_rl") instanceof Map<?, ?> a
        && b.get("digit_accuracy") instanceof Double db
        && a.get("digit_accuracy") instanceof Double da
        && b.get("exact_rate") instanceof Double eb
        && a.get("exact_rate") instanceof Double ea) {
      out.printf(
          "held-out teacher episodes, digits reproduced: %.3f after SFT -> %.3f after RL;"
              + " whole episodes: %.3f -> %.3f%n",
          db, da, eb, ea);
    }
  }
}
