package dev.arbor.app.cli;

import picocli.CommandLine.Command;

/** {@code arbor job ...}: job configs and their placement on Ray. */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Check job configs against a Ray cluster.",
    subcommands = {JobCheckCommand.class})
public final class JobCommand extends CommandGroup {}
