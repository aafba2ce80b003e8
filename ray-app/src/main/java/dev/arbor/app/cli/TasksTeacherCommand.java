package dev.arbor.app.cli;

import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tasks.env.RepoEnvironment;
import dev.arbor.tasks.sandbox.ProcessSandboxFactory;
import dev.arbor.tasks.sandbox.SandboxLimits;
import dev.arbor.tasks.suite.miniswe.MiniSwe;
import dev.arbor.tasks.teacher.MiniSweTeacher;
import dev.arbor.tasks.teacher.TeacherStore;
import dev.arbor.tasks.teacher.TeacherTrajectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code arbor tasks teacher SUITE_DIR}: (re)generates the teacher trajectories of a mini-swe suite
 * folder into {@code SUITE_DIR/teacher.jsonl}.
 */
@Command(
    name = "teacher",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Generate the teacher trajectories of a mini-swe suite folder (read the failing test, apply",
      "the gold patch, run the tests, submit) into SUITE_DIR/teacher.jsonl. The calls run in a",
      "sandbox with the agent's own tools, and each episode must pass the task's tests."
    })
final class TasksTeacherCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SUITE_DIR", description = "A mini-swe suite folder.")
  Path dir;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "File to write (default: SUITE_DIR/teacher.jsonl).")
  Path out;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "120",
      description =
          "Wall-clock limit per command where the task sets none (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    MiniSwe suite = MiniSwe.load(dir);
    List<TeacherTrajectory> teachers = new ArrayList<>();
    RepoEnvironment.Options options =
        RepoEnvironment.Options.defaults()
            .withLimits(SandboxLimits.defaults().withWallClock(Duration.ofSeconds(timeoutSeconds)));
    try (ProcessSandboxFactory sandboxes = ProcessSandboxFactory.create()) {
      for (TaskSpec task : suite.all()) {
        spec.commandLine().getErr().printf("teacher %s%n", task.getId());
        teachers.add(MiniSweTeacher.generate(task, sandboxes, options));
      }
    }
    Path file = out != null ? out : dir.resolve(TeacherStore.FILE_NAME);
    TeacherStore.write(file, teachers);
    spec.commandLine()
        .getOut()
        .printf("wrote %d teacher trajectories to %s%n", teachers.size(), file);
    return ArborCli.EXIT_OK;
  }
}
