package dev.arbor.app.cli;

import picocli.CommandLine.Command;

/** {@code arbor tasks ...}: task sets, suites and dataset import. Add leaf commands to the list. */
@Command(
    name = "tasks",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Import, list and prepare task sets (TaskSpec files) and built-in suites.",
    subcommands = {
      TasksImportCommand.class,
      TasksListCommand.class,
      TasksExportCommand.class,
      TasksTeacherCommand.class
    })
public final class TasksCommand extends CommandGroup {}
