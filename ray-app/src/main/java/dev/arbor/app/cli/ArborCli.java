package dev.arbor.app.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code arbor} command: entry point of the launcher {@code scripts/arbor}.
 *
 * <p>Exit codes: {@value #EXIT_OK} success, {@value #EXIT_RUNTIME_ERROR} runtime error (one line on
 * stderr; the stack trace only with {@code --verbose} or {@code ARBOR_DEBUG=1}), {@value
 * #EXIT_USAGE} usage error.
 */
@Command(
    name = "arbor",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Agentic RL for code models on trajectory trees, on Ray.",
    subcommands = {
      CommandLine.HelpCommand.class,
      TreeCommand.class,
      ModelCommand.class,
      TasksCommand.class,
      BenchCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      JobCommand.class,
      ReportCommand.class,
      StatusCommand.class
    })
public final class ArborCli extends CommandGroup {

  public static final int EXIT_OK = 0;
  public static final int EXIT_RUNTIME_ERROR = 1;
  public static final int EXIT_USAGE = 2;

  /** Environment variable that turns on stack traces like {@code --verbose}. */
  public static final String DEBUG_ENV = "ARBOR_DEBUG";

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of errors (also: ARBOR_DEBUG=1).")
  boolean verbose;

  public static void main(String[] args) {
    // Before log4j starts: Ray's classpath holds the servlet API, and log4j, taking the JVM for a
    // web app, would print a notice to stdout when Ray.init() reconfigures it.
    System.setProperty("log4j2.is.webapp", "false");
    CommandLine cli = newCommandLine(System.getenv());
    int exit = cli.execute(args);
    // picocli's writers flush on println only; a command that ends with print() would lose it.
    cli.getOut().flush();
    cli.getErr().flush();
    System.exit(exit);
  }

  /**
   * The configured command line, with Arbor's error handling. {@code env} is the process
   * environment (a parameter so tests can pass their own).
   */
  public static CommandLine newCommandLine(Map<String, String> env) {
    boolean debug = "1".equals(env.get(DEBUG_ENV)) || "true".equalsIgnoreCase(env.get(DEBUG_ENV));
    CommandLine cli = new CommandLine(new ArborCli());
    cli.setExitCodeExceptionMapper(ex -> EXIT_RUNTIME_ERROR);
    cli.setParameterExceptionHandler(new UsageErrorHandler());
    cli.setExecutionExceptionHandler(new RuntimeErrorHandler(debug));
    return cli;
  }

  /** Usage errors: the message, suggestions if any, and where to find help; exit code 2. */
  private static final class UsageErrorHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
      CommandLine cmd = ex.getCommandLine();
      PrintWriter err = cmd.getErr();
      err.println(cmd.getColorScheme().errorText(describe(ex)));
      UnmatchedArgumentException.printSuggestions(ex, err);
      err.printf("Try '%s --help' for more information.%n", cmd.getCommandSpec().qualifiedName());
      err.flush();
      return EXIT_USAGE;
    }

    private static String describe(ParameterException ex) {
      CommandLine cmd = ex.getCommandLine();
      boolean group = cmd.getCommand() instanceof CommandGroup || !cmd.getSubcommands().isEmpty();
      if (group
          && ex instanceof UnmatchedArgumentException unmatched
          && !unmatched.getUnmatched().isEmpty()
          && !unmatched.getUnmatched().get(0).startsWith("-")) {
        List<String> names = CommandGroup.visibleSubcommands(cmd.getCommandSpec());
        return String.format(
            "Unknown command '%s' for '%s'. %s",
            unmatched.getUnmatched().get(0),
            cmd.getCommandSpec().qualifiedName(),
            names.isEmpty()
                ? "It has no subcommands in this build yet."
                : "Commands: " + String.join(", ", names) + ".");
      }
      return ex.getMessage();
    }
  }

  /** Runtime errors: one line on stderr (or the stack trace when asked for); exit code 1. */
  private record RuntimeErrorHandler(boolean debugFromEnv) implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
      PrintWriter err = cmd.getErr();
      if (debugFromEnv || verboseRequested(parsed)) {
        ex.printStackTrace(err);
      } else {
        err.println(
            cmd.getColorScheme()
                .errorText(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(ex)));
      }
      err.flush();
      return EXIT_RUNTIME_ERROR;
    }

    private static boolean verboseRequested(ParseResult parsed) {
      for (ParseResult p = parsed; p != null; p = p.subcommand()) {
        if (p.hasMatchedOption("--verbose")) {
          return true;
        }
      }
      return false;
    }

    private static String oneLine(Throwable ex) {
      String message = ex.getMessage();
      if (message == null || message.isBlank()) {
        message = ex.getClass().getSimpleName();
      }
      int newline = message.indexOf('\n');
      return newline < 0 ? message : message.substring(0, newline);
    }
  }
}
