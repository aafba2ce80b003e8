package dev.arbor.app.cli;

import dev.arbor.app.report.Plots;
import dev.arbor.app.report.RunReport;
import dev.arbor.app.run.RunFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code arbor report --run DIR}: regenerate a run's plots and print its summary. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Regenerate the PNG plots of a run folder (reward, solve rate, entropy, loss, KL, trainer",
      "busy fraction: those the run logged) into DIR/plots/ and print the run's summary."
    })
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin RunDirOption runDir;

  @Override
  public Integer call() throws Exception {
    Path run = runDir.existing();
    PrintWriter out = spec.commandLine().getOut();
    out.print(RunReport.render(new RunFiles(run)));
    List<Path> plots = Plots.render(run);
    out.println(plots.isEmpty() ? "plots: no metrics to plot" : "plots:");
    plots.forEach(p -> out.println("  " + p));
    out.flush();
    return ArborCli.EXIT_OK;
  }
}
