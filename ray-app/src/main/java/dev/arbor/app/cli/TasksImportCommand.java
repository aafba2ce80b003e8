package dev.arbor.app.cli;

import dev.arbor.tasks.importer.ImportOptions;
import dev.arbor.tasks.importer.ImportReport;
import dev.arbor.tasks.importer.StarsFile;
import dev.arbor.tasks.importer.SweBenchImporter;
import dev.arbor.tasks.suite.TaskSetFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code arbor tasks import --format swebench FILE.jsonl --out DIR}: converts a dataset into a task
 * set folder ({@code tasks.binpb}, {@code index.tsv}, {@code import-report.txt}).
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Convert SWE-bench-format JSON Lines into a task set folder: DIR/tasks.binpb (TaskSpec",
      "stream), DIR/index.tsv and DIR/import-report.txt. Bad lines are reported with their line",
      "number and reason and skipped. Exit code 1 only if nothing could be imported or the input",
      "cannot be read.",
      "",
      "Stars: --stars-file (CSV/TSV: repo,stars) wins over the rows' base.repo.stargazers_count.",
      "With --min-stars, rows with fewer stars are rejected; rows without star data are kept",
      "unless --require-stars."
    })
final class TasksImportCommand implements Callable<Integer> {
  /** Input formats. */
  enum Format {
    swebench
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--format",
      required = true,
      description = "Input format: ${COMPLETION-CANDIDATES}.")
  Format format;

  @Parameters(paramLabel = "FILE", description = "JSON Lines file, one instance per line.")
  Path input;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write.")
  Path out;

  @Option(
      names = "--min-stars",
      paramLabel = "N",
      description = "Keep repositories with >= N stars.")
  Integer minStars;

  @Option(names = "--require-stars", description = "Reject rows without star data.")
  boolean requireStars;

  @Option(
      names = "--stars-file",
      paramLabel = "FILE",
      description = "CSV or TSV of repo,stars (joined on the rows' repo).")
  Path starsFile;

  @Option(
      names = "--suite",
      defaultValue = ImportOptions.DEFAULT_SUITE,
      description = "Suite name of the tasks (default: ${DEFAULT-VALUE}).")
  String suite;

  @Override
  public Integer call() throws Exception {
    if (minStars != null && minStars < 0) {
      throw new ParameterException(spec.commandLine(), "--min-stars must be >= 0, got " + minStars);
    }
    ImportOptions options =
        new ImportOptions(
            suite,
            minStars == null ? OptionalInt.empty() : OptionalInt.of(minStars),
            requireStars,
            starsFile == null ? Optional.empty() : Optional.of(StarsFile.read(starsFile)));
    SweBenchImporter.Result result = SweBenchImporter.importFile(input, options);
    ImportReport report = result.report();
    if (result.tasks().isEmpty()) {
      spec.commandLine().getOut().print(report.render());
      spec.commandLine().getOut().flush();
      throw new IOException(
          "nothing imported from "
              + input
              + " ("
              + report.rejections().size()
              + " lines rejected, see above)");
    }
    TaskSetFiles.write(out, result.tasks());
    Files.writeString(out.resolve("import-report.txt"), report.render(), StandardCharsets.UTF_8);
    spec.commandLine().getOut().print(report.render());
    spec.commandLine().getOut().printf("wrote:     %s%n", out.resolve(TaskSetFiles.TASKS_FILE));
    return ArborCli.EXIT_OK;
  }
}
