package dev.arbor.app.cli;

import dev.arbor.app.status.FileRunStatusSource;
import dev.arbor.app.status.StatusServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code arbor status --run DIR}: the status page of a run folder, finished or still being written
 * by another process, until Ctrl-C.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Serve the status page of a run folder on 127.0.0.1 (job config, actors, live curves, recent",
      "trajectories, Prometheus /metrics) until Ctrl-C. Follows a run that is still writing."
    })
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin RunDirOption runDir;

  @Option(
      names = "--ui-port",
      defaultValue = "8266",
      paramLabel = "PORT",
      description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int port;

  /** What runs while the server serves; tests replace it, the default waits for Ctrl-C. */
  Consumer<StatusServer> whileServing = server -> awaitInterrupt();

  @Override
  public Integer call() {
    Path run = runDir.existing();
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--ui-port must be in 0..65535: " + port);
    }
    try (StatusServer server = StatusServer.start(new FileRunStatusSource(run), port)) {
      Thread stop = new Thread(server::close, "arbor-status-stop");
      Runtime.getRuntime().addShutdownHook(stop);
      PrintWriter out = spec.commandLine().getOut();
      out.println("status of " + run + " at " + server.uri() + " (Ctrl-C to stop)");
      out.flush();
      try {
        whileServing.accept(server);
      } finally {
        Runtime.getRuntime().removeShutdownHook(stop);
      }
    }
    return ArborCli.EXIT_OK;
  }

  private static void awaitInterrupt() {
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
