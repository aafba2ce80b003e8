package dev.arbor.app.cli;

import dev.arbor.app.job.JobConfig;
import dev.arbor.app.job.JobConfigReader;
import dev.arbor.app.job.Placement;
import dev.arbor.app.ray.RaySession;
import dev.arbor.app.ray.RayTarget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code arbor job check FILE [--ray local|HOST:PORT]}: validates a job config and, on a cluster,
 * checks that the cluster can place its roles, without creating actors. Exit code 1 when it cannot.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Validate a job config and check its placement on a Ray cluster.")
final class JobCheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "FILE",
      description = "Job config (YAML), e.g. resources/jobs/arithmetic.yaml.")
  Path file;

  @Option(
      names = "--ray",
      defaultValue = RayTarget.LOCAL,
      description =
          "'local' (embedded, resources ignored) or HOST:PORT of a Ray head. Default: ${DEFAULT-VALUE}.")
  String ray;

  @Override
  public Integer call() {
    JobConfig config = JobConfigReader.read(file);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "job %s: %d policy, %d sandbox, 1 tree manager, 1 trainer; needs %s%n",
        config.job(),
        config.roles().policy().count(),
        config.roles().sandbox().count(),
        config.roles().totalResources());
    RayTarget target = RayTarget.parse(ray);
    try (RaySession session = RaySession.start(target)) {
      if (session.isLocal()) {
        out.println("ray: LOCAL mode ignores resources; placement not checked");
        return ArborCli.EXIT_OK;
      }
      List<Map<String, Double>> nodes = session.nodeResources();
      out.printf("ray: %s, %d nodes, %s%n", target, nodes.size(), session.clusterResources());
      List<String> problems = Placement.problems(config.roles(), nodes);
      problems.forEach(p -> out.println("cannot place: " + p));
      out.println(problems.isEmpty() ? "placement: ok" : "placement: FAILS");
      return problems.isEmpty() ? ArborCli.EXIT_OK : ArborCli.EXIT_RUNTIME_ERROR;
    }
  }
}
