package dev.arbor.app.cli;

import picocli.CommandLine.Command;

/** {@code arbor bench ...}: benchmarks that print JSON. Add leaf commands to the list. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Run benchmarks; each prints one JSON document on stdout.",
    subcommands = {
      BenchTreeCommand.class,
      BenchPackingCommand.class,
      BenchPruningCommand.class,
      BenchRolloutCommand.class,
      BenchSandboxCommand.class,
      BenchPipelineCommand.class
    })
public final class BenchCommand extends CommandGroup {}
