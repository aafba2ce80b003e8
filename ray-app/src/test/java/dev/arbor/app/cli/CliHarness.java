package dev.arbor.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Runs the {@code arbor} command line in-process and captures what it prints. */
final class CliHarness {
  record Result(int exitCode, String out, String err) {}

  private CliHarness() {}

  static Result run(Map<String, String> env, Consumer<CommandLine> setup, String... args) {
    CommandLine cli = ArborCli.newCommandLine(env);
    setup.accept(cli);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  static Result run(String... args) {
    return run(Map.of(), cli -> {}, args);
  }

  /** {@code relative} (e.g. {@code resources/samples}) in the working directory or a parent. */
  static Path findUp(String relative) {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.exists(d.resolve(relative))) {
        return d.resolve(relative);
      }
    }
    throw new IllegalStateException(relative + " not found above the working directory");
  }
}
