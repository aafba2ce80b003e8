package dev.arbor.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --run DIR} option of commands that read an existing run folder. */
final class RunDirOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run folder.")
  Path run;

  /** The folder; a usage error when it does not exist. */
  Path existing() {
    if (!Files.isDirectory(run)) {
      throw new ParameterException(
          spec.commandLine(), "--run: run folder " + run + " does not exist");
    }
    return run;
  }
}
