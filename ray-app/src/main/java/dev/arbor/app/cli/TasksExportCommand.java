package dev.arbor.app.cli;

import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tasks.suite.Split;
import dev.arbor.tasks.suite.TaskSetFiles;
import dev.arbor.tasks.suite.arithmetic.ArithmeticProblem;
import dev.arbor.tasks.suite.arithmetic.ArithmeticSuite;
import dev.arbor.tasks.teacher.ArithmeticTeacher;
import dev.arbor.tasks.teacher.TeacherStore;
import dev.arbor.tasks.teacher.TeacherTrajectory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code arbor tasks export --suite arithmetic-tools --out DIR}: writes generated tasks and their
 * teacher trajectories as a task set folder.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Write a generated suite as a task set folder: DIR/tasks.binpb, DIR/index.tsv and the",
      "teacher trajectories DIR/teacher.jsonl. Suites: arithmetic-tools."
    })
final class TasksExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--suite", required = true, description = "Suite: arithmetic-tools.")
  String suite;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write.")
  Path out;

  @Option(
      names = "--split",
      defaultValue = "train",
      description = "train or test (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(
      names = "--levels",
      split = ",",
      defaultValue = "1,2,3,4,5",
      description = "Difficulty levels, e.g. 1,2 (default: ${DEFAULT-VALUE}).")
  int[] levels;

  @Option(
      names = "--per-level",
      defaultValue = "100",
      description = "Tasks per level (default: ${DEFAULT-VALUE}).")
  int perLevel;

  @Option(
      names = "--parallel-calls",
      description = "Teacher turns run independent calc steps as parallel calls.")
  boolean parallelCalls;

  @Override
  public Integer call() throws Exception {
    if (!suite.equals(ArithmeticSuite.NAME)) {
      throw new ParameterException(
          spec.commandLine(), "unknown suite '" + suite + "'; exportable: " + ArithmeticSuite.NAME);
    }
    Split s;
    ArithmeticSuite arith;
    try {
      s = Split.parse(split);
      arith =
          ArithmeticSuite.builder()
              .optLevels(levels)
              .optTrainPerLevel(perLevel)
              .optTestPerLevel(perLevel)
              .build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    List<ArithmeticProblem> problems = arith.problems(s);
    List<TaskSpec> tasks = problems.stream().map(ArithmeticSuite::toTask).toList();
    List<TeacherTrajectory> teachers =
        problems.stream().map(p -> ArithmeticTeacher.generate(p, parallelCalls)).toList();
    TaskSetFiles.write(out, tasks);
    TeacherStore.write(out.resolve(TeacherStore.FILE_NAME), teachers);
    spec.commandLine()
        .getOut()
        .printf(
            "wrote %d %s tasks (%s, levels %s) and their teacher trajectories to %s%n",
            tasks.size(), ArithmeticSuite.NAME, s.label(), Arrays.toString(levels), out);
    return ArborCli.EXIT_OK;
  }
}
