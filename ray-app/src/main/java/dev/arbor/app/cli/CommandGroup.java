package dev.arbor.app.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A parent command that only groups subcommands. Run without a subcommand it is a usage error (exit
 * code 2) that names the subcommands there are.
 */
abstract class CommandGroup implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    List<String> names = visibleSubcommands(spec);
    String message =
        names.isEmpty()
            ? String.format("'%s' has no subcommands in this build yet.", spec.qualifiedName())
            : String.format(
                "Missing command for '%s'. Commands: %s.",
                spec.qualifiedName(), String.join(", ", names));
    throw new ParameterException(spec.commandLine(), message);
  }

  /** Names of the subcommands shown in the help, in declaration order, without aliases. */
  static List<String> visibleSubcommands(CommandSpec spec) {
    return spec.subcommands().entrySet().stream()
        .filter(e -> e.getKey().equals(e.getValue().getCommandName()))
        .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
        .map(Map.Entry::getKey)
        .toList();
  }
}
