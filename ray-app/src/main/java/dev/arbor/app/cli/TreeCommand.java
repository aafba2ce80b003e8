package dev.arbor.app.cli;

import picocli.CommandLine.Command;

/** {@code arbor tree ...}: work with trajectory-tree files. Add leaf commands to the list. */
@Command(
    name = "tree",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Inspect and convert trajectory trees (Arrow files).",
    subcommands = {TreeInspectCommand.class, TreeSynthCommand.class})
public final class TreeCommand extends CommandGroup {}
