package dev.arbor.tasks.teacher;

import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.proto.v1.ToolResult;
import dev.arbor.tasks.ToolCallFormat;
import dev.arbor.tasks.env.RepoEnvironment;
import dev.arbor.tasks.env.Reward;
import dev.arbor.tasks.sandbox.SandboxFactory;
import dev.arbor.tasks.tools.ToolRegistry;
import dev.arbor.tasks.tools.patch.PatchException;
import dev.arbor.tasks.tools.patch.UnifiedDiff;
import dev.arbor.tree.Role;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Teacher trajectories for test-checked code tasks, derived from the gold patch as an {@code
 * apply_patch} episode:
 *
 * <ol>
 *   <li>read the failing test's file and the files the gold patch changes (one turn, parallel
 *       calls);
 *   <li>apply the gold patch;
 *   <li>run the task's test commands;
 *   <li>submit.
 * </ol>
 *
 * The failing test's file is found from the first FAIL_TO_PASS id: a pytest node id names it
 * ({@code tests/test_x.py::test_y}), a unittest id is a dotted module path ({@code
 * tests.test_x.Class.test}), and otherwise (TAP) it is the first file under the repository,
 * preferring paths with "test", that contains the test's last name part. Hidden tests (a {@code
 * test_patch}) are not in the repository; then only the changed files are read.
 *
 * <p>The calls run in a {@link RepoEnvironment}: the agent's own tools in a sandboxed working copy,
 * the calls of one turn in parallel, so the results are byte for byte what an agent making the same
 * calls reads (apart from test durations: "Ran 5 tests in 0.002s", "5 passed in 1.39s" become zero
 * so that regenerated episodes are identical). A call that does not succeed, or an episode that the
 * task's tests do not score 1, fails the generation: a teacher must be correct.
 */
public final class MiniSweTeacher {
  private static final Pattern DURATION = Pattern.compile("\\bin \\d+(?:\\.\\d+)?s\\b");

  private MiniSweTeacher() {}

  /**
   * The teacher episode of {@code task}, played in a new episode of {@code env} ({@link
   * RepoEnvironment#reset} is called here); the caller may {@link RepoEnvironment#verify} it after.
   *
   * @throws IOException if a call does not succeed
   */
  public static TeacherTrajectory generate(TaskSpec task, RepoEnvironment env) throws IOException {
    if (task.getGoldPatch().isEmpty()) {
      throw new IllegalArgumentException("task " + task.getId() + " has no gold patch");
    }
    env.reset(task);
    return generate(task, env.sandbox().workDir(), ToolResults.of(env));
  }

  /**
   * The teacher episode of {@code task} whose repository (before any change) is at {@code repo},
   * with the calls' results from {@code results}.
   *
   * @throws IOException if a call does not succeed
   */
  static TeacherTrajectory generate(TaskSpec task, Path repo, ToolResults results)
      throws IOException {
    if (task.getGoldPatch().isEmpty()) {
      throw new IllegalArgumentException("task " + task.getId() + " has no gold patch");
    }
    List<TextSegment> segments = new ArrayList<>();
    segments.add(TextSegment.text(Role.PROMPT, task.getInstruction()));
    int[] callNo = {0};

    Optional<String> testFile = failingTestFile(task, repo);
    Set<String> reads = new LinkedHashSet<>();
    testFile.ifPresent(reads::add);
    try {
      for (UnifiedDiff.FilePatch f : UnifiedDiff.parse(task.getGoldPatch())) {
        if (f.oldPath() != null) {
          reads.add(f.oldPath());
        }
      }
    } catch (PatchException e) {
      throw new IllegalArgumentException(
          "task " + task.getId() + ": gold patch is not a unified diff: " + e.getMessage(), e);
    }
    String summary = task.getLabelsOrDefault("summary", "");
    turn(
        segments,
        results,
        testFile.isPresent()
            ? "I will read the failing test and the code it exercises."
            : "I will read the code the issue is about.",
        reads.stream()
            .map(
                p -> TeacherCall.of(next(callNo), ToolCallFormat.READ_FILE, ToolCallFormat.PATH, p))
            .toList());
    turn(
        segments,
        results,
        (summary.isEmpty() ? "I found the bug." : "The bug: " + summary + ".")
            + " I will fix it with a patch.",
        List.of(
            TeacherCall.of(
                next(callNo),
                ToolCallFormat.APPLY_PATCH,
                ToolCallFormat.PATCH,
                task.getGoldPatch())));
    turn(
        segments,
        results,
        "Now I run the tests.",
        task.getTestCommandsList().stream()
            .map(c -> TeacherCall.of(next(callNo), ToolCallFormat.RUN, ToolCallFormat.COMMAND, c))
            .toList());
    segments.add(TextSegment.text(Role.MODEL, "The tests pass. I submit the fix."));
    segments.add(
        TextSegment.calls(List.of(new TeacherCall(next(callNo), ToolCallFormat.SUBMIT, Map.of()))));
    return new TeacherTrajectory(
        task.getId(), task.getSuite(), TeacherTrajectory.GOLD_PATCH, segments);
  }

  /**
   * The teacher episode of {@code task}, played in a sandbox of {@code sandboxes} with the standard
   * tools and checked by the task's tests.
   *
   * @throws IOException if a call does not succeed or the tests do not score the episode 1
   */
  public static TeacherTrajectory generate(
      TaskSpec task, SandboxFactory sandboxes, RepoEnvironment.Options options) throws IOException {
    try (RepoEnvironment env = new RepoEnvironment(sandboxes, ToolRegistry.standard(), options)) {
      TeacherTrajectory teacher = generate(task, env);
      Reward reward = env.verify();
      if (reward.score() != 1) {
        throw new IOException(
            "the teacher episode of task "
                + task.getId()
                + " does not solve it ("
                + reward.outcome()
                + "): "
                + reward.details());
      }
      return teacher;
    }
  }

  private static String next(int[] callNo) {
    return "call-" + ++callNo[0];
  }

  private static void turn(
      List<TextSegment> segments, ToolResults results, String text, List<TeacherCall> calls)
      throws IOException {
    segments.add(TextSegment.text(Role.MODEL, text));
    segments.add(TextSegment.calls(calls));
    List<ToolResult> out = results.results(calls);
    segments.add(
        TextSegment.text(Role.TOOL_RESULT, withoutDurations(TextSegment.results(out).text())));
  }

  /** {@code text} with test durations replaced by zero. */
  static String withoutDurations(String text) {
    return DURATION.matcher(text).replaceAll("in 0.000s");
  }

  /** The repository file holding the first FAIL_TO_PASS test, if it can be found. */
  static Optional<String> failingTestFile(TaskSpec task, Path repo) throws IOException {
    if (task.getFailToPassCount() == 0) {
      return Optional.empty();
    }
    String id = task.getFailToPass(0);
    int sep = id.indexOf("::");
    if (sep > 0) {
      String path = id.substring(0, sep);
      return Files.isRegularFile(repo.resolve(path)) ? Optional.of(path) : Optional.empty();
    }
    String[] parts = id.split("\\.");
    for (int n = parts.length - 1; n >= 1; n--) {
      String path = String.join("/", Arrays.copyOf(parts, n)) + ".py";
      if (Files.isRegularFile(repo.resolve(path))) {
        return Optional.of(path);
      }
    }
    String name = parts[parts.length - 1];
    List<Path> files;
    try (Stream<Path> s = Files.walk(repo)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    Optional<String> fallback = Optional.empty();
    for (Path f : files) {
      String rel = repo.relativize(f).toString().replace('\\', '/');
      if (contains(f, name)) {
        if (rel.toLowerCase(Locale.ROOT).contains("test")) {
          return Optional.of(rel);
        }
        fallback = fallback.or(() -> Optional.of(rel));
      }
    }
    return fallback;
  }

  private static boolean contains(Path file, String text) throws IOException {
    if (Files.size(file) > 1 << 20) {
      return false;
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8).contains(text);
    } catch (CharacterCodingException binary) {
      return false;
    }
  }
}
