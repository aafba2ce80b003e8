package dev.arbor.app.cli;

import dev.arbor.tree.TrajectoryTree;
import dev.arbor.tree.arrow.TreeArrow;
import dev.arbor.tree.arrow.TreeRecord;
import dev.arbor.tree.pack.PackedTree;
import dev.arbor.tree.synth.SyntheticWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arbor tree synth --out FILE}: writes a synthetic agentic tree batch. */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Write a synthetic tree batch: per task, a group of multi-turn rollouts (model text, tool",
      "call, tool result) that branch at turn boundaries after a shared prompt."
    })
final class TreeSynthCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, description = "File to write (Arrow IPC file format).")
  Path out;

  @Option(names = "--tasks", defaultValue = "3", description = "Tasks, one tree each.")
  int tasks;

  @Option(names = "--rollouts", defaultValue = "4", description = "Rollouts per task (G).")
  int rollouts;

  @Option(names = "--turns", defaultValue = "3", description = "Turns per rollout.")
  int turns;

  @Option(names = "--prompt-tokens", defaultValue = "24", description = "Shared prompt tokens.")
  int promptTokens;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed.")
  long seed;

  @Override
  public Integer call() throws Exception {
    SyntheticWorkload w =
        new SyntheticWorkload(
            tasks, rollouts, turns, promptTokens, 8, 4, 8, Math.min(2, turns), 1000, seed);
    List<TreeRecord> trees = new ArrayList<>(tasks);
    for (int t = 0; t < tasks; t++) {
      trees.add(TreeRecord.of("task-" + t, PackedTree.of(TrajectoryTree.of(w.group(t)))));
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    TreeArrow.writeFile(out, trees);
    spec.commandLine()
        .getErr()
        .printf("wrote %d trees to %s (%d bytes)%n", tasks, out, Files.size(out));
    return ArborCli.EXIT_OK;
  }
}
