package dev.arbor.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
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
}
