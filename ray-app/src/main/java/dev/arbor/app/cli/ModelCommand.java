package dev.arbor.app.cli;

import picocli.CommandLine.Command;

/** {@code arbor model ...}: create and inspect policy checkpoints. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Create and score Qwen2-architecture checkpoints (Hugging Face folders).",
    subcommands = {ModelInitCommand.class, ModelScoreCommand.class})
public final class ModelCommand extends CommandGroup {}
