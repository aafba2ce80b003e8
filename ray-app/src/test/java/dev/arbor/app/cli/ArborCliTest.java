package dev.arbor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.app.cli.CliHarness.Result;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

class ArborCliTest {

  /** A leaf command that exists only in this test, to exercise runtime-error handling. */
  @Command(name = "explode", description = "Fails with an exception.")
  static final class Explode implements Callable<Integer> {
    @Parameters(index = "0", defaultValue = "boom")
    String message;

    @Override
    public Integer call() {
      throw new IllegalStateException(message + "\nsecond line that must not be printed");
    }
  }

  /** A leaf command that succeeds, to check how leaves plug into a group. */
  @Command(name = "ok", description = "Prints ok.")
  static final class Ok implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().getOut().println("ok");
      return 0;
    }
  }

  /** A group without leaf commands, as a new group is before its first command lands. */
  @Command(name = "empty", description = "A group without commands.")
  static final class Empty extends CommandGroup {}

  private static Result run(Map<String, String> env, String... args) {
    return CliHarness.run(
        env,
        cli -> {
          cli.getSubcommands().get("tree").addSubcommand(new Explode()).addSubcommand(new Ok());
          cli.addSubcommand(new Empty());
        },
        args);
  }

  private static Result run(String... args) {
    return run(Map.of(), args);
  }

  @Test
  void helpListsTheCommandGroups() {
    Result r = run("--help");
    assertThat(r.exitCode()).isEqualTo(ArborCli.EXIT_OK);
    assertThat(r.out()).contains("Usage: arbor", "tree", "bench", "--verbose", "--version");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void productionGroupsAreRegistered() {
    CommandLine cli = ArborCli.newCommandLine(Map.of());
    assertThat(cli.getSubcommands()).containsKeys("tree", "bench", "help");
  }

  @Test
  void groupHelpListsItsLeafCommands() {
    Result r = run("tree", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: arbor tree", "explode", "ok");
  }

  @Test
  void versionNamesTheProjectVersion() {
    Result r = run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("arbor ").doesNotContain("${project.version}", "unknown");
  }

  @Test
  void leafCommandRunsAndExitsZero() {
    Result r = run("tree", "ok");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("ok" + System.lineSeparator());
  }

  @Test
  void unknownCommandIsAUsageErrorThatListsTheCommands() {
    Result r = run("frobnicate");
    assertThat(r.exitCode()).isEqualTo(ArborCli.EXIT_USAGE);
    assertThat(r.err())
        .contains(
            "Unknown command 'frobnicate' for 'arbor'. Commands: help, tree, model, tasks, bench, train, eval, job, report, status, empty.")
        .contains("Try 'arbor --help' for more information.");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void misspelledCommandGetsASuggestion() {
    Result r = run("tre");
    assertThat(r.exitCode()).isEqualTo(ArborCli.EXIT_USAGE);
    assertThat(r.err()).contains("Did you mean").contains("tree");
  }

  @Test
  void unknownOptionIsAUsageError() {
    Result r = run("tree", "--no-such-option");
    assertThat(r.exitCode()).isEqualTo(ArborCli.EXIT_USAGE);
    assertThat(r.err())
        .contains("--no-such-option")
        .contains("Try 'arbor tree --help' for more information.");
  }

  @Test
  void groupWithoutCommandIsAUsageErrorThatNamesItsCommands() {
    Result r = run("tree");
    assertThat(r.exitCode()).isEqualTo(ArborCli.EXIT_USAGE);
    assertThat(r.err())
        .contains("Missing command for 'arbor tree'. Commands: inspect, synth, explode, ok.");
  }

  @Test
  void emptyGroupSaysSo() {
    Result r = run("empty");
    assertThat(r.exitCode()).isEqualTo(ArborCli.EXIT_USAGE);
    assertThat(r.err()).contains("'arbor empty' has no subcommands in this build yet.");
  }

  @Test
  void unknownCommandInAnEmptyGroupSaysTheGroupIsEmpty() {
    Result r = run("empty", "tree", "--iterations", "3");
    assertThat(r.exitCode()).isEqualTo(ArborCli.EXIT_USAGE);
    assertThat(r.err())
        .contains(
            "Unknown command 'tree' for 'arbor empty'. It has no subcommands in this build yet.")
        .contains("Try 'arbor empty --help' for more information.");
  }

  @Test
  void noArgumentsIsAUsageError() {
    Result r = run();
    assertThat(r.exitCode()).isEqualTo(ArborCli.EXIT_USAGE);
    assertThat(r.err()).contains("Missing command for 'arbor'");
  }

  @Test
  void runtimeErrorIsOneLineWithoutStackTrace() {
    Result r = run("tree", "explode", "disk on fire");
    assertThat(r.exitCode()).isEqualTo(ArborCli.EXIT_RUNTIME_ERROR);
    assertThat(r.err()).isEqualTo("arbor tree explode: disk on fire" + System.lineSeparator());
  }

  @Test
  void verboseShowsTheStackTrace() {
    Result r = run("tree", "explode", "--verbose");
    assertThat(r.exitCode()).isEqualTo(ArborCli.EXIT_RUNTIME_ERROR);
    assertThat(r.err()).contains("IllegalStateException: boom", "\tat ", "second line");
  }

  @Test
  void verboseIsAcceptedBeforeTheCommandToo() {
    Result r = run("--verbose", "tree", "explode");
    assertThat(r.exitCode()).isEqualTo(ArborCli.EXIT_RUNTIME_ERROR);
    assertThat(r.err()).contains("\tat ");
  }

  @Test
  void debugEnvironmentVariableShowsTheStackTrace() {
    Result r = run(Map.of(ArborCli.DEBUG_ENV, "1"), "tree", "explode");
    assertThat(r.exitCode()).isEqualTo(ArborCli.EXIT_RUNTIME_ERROR);
    assertThat(r.err()).contains("IllegalStateException", "\tat ");
  }
}
