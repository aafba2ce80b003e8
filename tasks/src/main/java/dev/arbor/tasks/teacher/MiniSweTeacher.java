package dev.arbor.tasks.teacher;

import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.proto.v1.ToolResult;
import dev.arbor.tasks.ToolCallFormat;
import dev.arbor.tasks.tools.patch.PatchException;
import dev.arbor.tasks.tools.patch.UnifiedDiff;
import dev.arbor.tasks.verify.LocalCommandRunner;
import dev.arbor.tasks.verify.WorkingCopy;
import dev.arbor.tree.Role;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * <p>Results come from a {@link ToolResults} and are rendered like the agent's (one renderer). With
 * {@link LocalToolResults} (what {@link #generateLocally} uses) their text is the local runner's,
 * not the sandboxed tools' (e.g. {@code patching file x} where {@code apply_patch} says {@code
 * patch applied: ...}); replaying such an episode through a {@code RepoEnvironment} gives the same
 * calls and outcome but not byte-identical result text. Durations in test output ("Ran 5 tests in
 * 0.002s", "5 passed in 1.39s") are replaced by zero so that regenerated episodes are identical.
 */
public final class MiniSweTeacher {
  private static final Pattern DURATION = Pattern.compile("\\bin \\d+(?:\\.\\d+)?s\\b");

  private MiniSweTeacher() {}

  /**
   * The teacher episode of {@code task} whose repository (before any change) is at {@code repo}.
   *
   * @throws IOException if a call fails
   */
  public static TeacherTrajectory generate(TaskSpec task, Path repo, ToolResults results)
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
   * The teacher episode of {@code task}, made by running its calls for real in a temporary copy of
   * its repository ({@link LocalToolResults}; trusted tasks only, such as the shipped mini-swe
   * suite).
   */
  public static TeacherTrajectory generateLocally(TaskSpec task, Duration timeout)
      throws IOException {
    try (WorkingCopy copy = WorkingCopy.of(task)) {
      return generate(
          task, copy.root(), new LocalToolResults(new LocalCommandRunner(copy.root()), timeout));
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
    List<ToolResult> out = new ArrayList<>();
    for (TeacherCall c : calls) {
      out.add(results.result(c));
    }
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
