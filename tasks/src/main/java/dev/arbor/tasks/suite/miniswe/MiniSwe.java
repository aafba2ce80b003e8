package dev.arbor.tasks.suite.miniswe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.proto.v1.RepositorySnapshot;
import dev.arbor.proto.v1.SnapshotKind;
import dev.arbor.proto.v1.SourceMetadata;
import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tasks.ToolCallFormat;
import dev.arbor.tasks.suite.Split;
import dev.arbor.tasks.suite.TaskSuite;
import dev.arbor.tasks.tools.patch.PatchException;
import dev.arbor.tasks.tools.patch.UnifiedDiff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code mini-swe} suite: small real repositories, each with a bug, an issue, failing tests and
 * a gold patch, read from a folder ({@code resources/tasks/mini-swe}) with one sub-folder per task:
 *
 * <pre>
 * &lt;task-id&gt;/task.json    what {@link TaskJson} describes: tests, commands, split, limits
 * &lt;task-id&gt;/issue.md     the instruction (the issue text)
 * &lt;task-id&gt;/gold.patch   the reference fix, a unified diff that applies with patch -p1 / git apply
 * &lt;task-id&gt;/test.patch   optional: hidden tests, applied before the tests run (as in SWE-bench)
 * &lt;task-id&gt;/repo/        the repository snapshot the agent starts from
 * </pre>
 *
 * <p>The tasks' repository snapshot is the {@code repo} folder ({@code SNAPSHOT_KIND_DIRECTORY},
 * absolute path); an episode works on a copy of it. Loading checks every task and fails with the
 * file and field at fault; the test {@code MiniSweGoldPatchTest} checks that every gold patch turns
 * the reward from 0 into 1.
 */
public final class MiniSwe implements TaskSuite {
  public static final String NAME = "mini-swe";
  public static final String TASK_FILE = "task.json";
  public static final String ISSUE_FILE = "issue.md";
  public static final String GOLD_PATCH_FILE = "gold.patch";
  public static final String TEST_PATCH_FILE = "test.patch";
  public static final String REPO_DIR = "repo";

  /** Tools a mini-swe agent may call. */
  public static final List<String> TOOLS =
      List.of(
          ToolCallFormat.RUN,
          ToolCallFormat.READ_FILE,
          ToolCallFormat.WRITE_FILE,
          ToolCallFormat.APPLY_PATCH,
          ToolCallFormat.LIST_DIR,
          ToolCallFormat.SUBMIT);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final List<TaskSpec> tasks;

  private MiniSwe(Path dir, List<TaskSpec> tasks) {
    this.dir = dir;
    this.tasks = List.copyOf(tasks);
  }

  /**
   * Loads every task folder under {@code dir} (folders without a {@code task.json} are an error; a
   * file such as a README next to them is ignored), sorted by id.
   *
   * @throws MiniSweException naming the file and field of the first problem
   */
  public static MiniSwe load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new MiniSweException(dir + ": not a directory (expected a mini-swe suite folder)");
    }
    List<Path> folders;
    try (Stream<Path> s = Files.list(dir)) {
      folders = s.filter(Files::isDirectory).sorted().toList();
    }
    List<TaskSpec> tasks = new ArrayList<>();
    for (Path folder : folders) {
      tasks.add(loadTask(folder));
    }
    if (tasks.isEmpty()) {
      throw new MiniSweException(dir + ": no task folders");
    }
    return new MiniSwe(dir.toAbsolutePath().normalize(), tasks);
  }

  /** Whether {@code dir} looks like a mini-swe suite folder (a sub-folder with a task.json). */
  public static boolean isSuiteFolder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> Files.isRegularFile(p.resolve(TASK_FILE)));
    }
  }

  /** Loads one task folder. */
  public static TaskSpec loadTask(Path folder) throws IOException {
    Path taskFile = folder.resolve(TASK_FILE);
    if (!Files.isRegularFile(taskFile)) {
      throw new MiniSweException(folder + ": no " + TASK_FILE);
    }
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(taskFile, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new MiniSweException(
          taskFile
              + ":"
              + e.getLocation().getLineNr()
              + ": not valid JSON: "
              + e.getOriginalMessage(),
          e);
    }
    TaskJson spec = TaskJson.parse(taskFile, root);
    String folderName = folder.getFileName().toString();
    if (!spec.id().equals(folderName)) {
      throw new MiniSweException(
          taskFile + ": field 'id' is '" + spec.id() + "' but the folder is '" + folderName + "'");
    }
    Path repo = folder.resolve(REPO_DIR);
    if (!Files.isDirectory(repo)) {
      throw new MiniSweException(
          folder + ": no " + REPO_DIR + "/ folder (the repository snapshot)");
    }
    String issue = readRequired(folder.resolve(ISSUE_FILE));
    String gold = readRequired(folder.resolve(GOLD_PATCH_FILE));
    checkPatch(folder.resolve(GOLD_PATCH_FILE), gold, repo);
    Path testPatchFile = folder.resolve(TEST_PATCH_FILE);
    String testPatch = Files.exists(testPatchFile) ? readRequired(testPatchFile) : "";
    if (!testPatch.isEmpty()) {
      checkPatch(testPatchFile, testPatch, repo);
    }
    return TaskSpec.newBuilder()
        .setId(spec.id())
        .setSuite(NAME)
        .setInstruction(issue)
        .setRepository(
            RepositorySnapshot.newBuilder()
                .setKind(SnapshotKind.SNAPSHOT_KIND_DIRECTORY)
                .setLocation(repo.toAbsolutePath().normalize().toString()))
        .addAllSetupCommands(spec.setupCommands())
        .addAllTestCommands(spec.testCommands())
        .addAllFailToPass(spec.failToPass())
        .addAllPassToPass(spec.passToPass())
        .addAllAllowedTools(TOOLS)
        .setLimits(spec.limits())
        .setSource(SourceMetadata.newBuilder().setInstanceId(spec.id()))
        .setDifficulty(spec.difficulty())
        .putLabels("lang", spec.language())
        .putLabels("split", spec.split().label())
        .putLabels("summary", spec.summary())
        .setGoldPatch(gold)
        .setTestPatch(testPatch)
        .setTestLogFormat(spec.testLogFormat())
        .build();
  }

  private static String readRequired(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new MiniSweException(file + ": missing");
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      throw new MiniSweException(file + ": empty");
    }
    return text;
  }

  /** A patch must parse, and every file it changes or deletes must exist in the repository. */
  private static void checkPatch(Path file, String patch, Path repo) throws MiniSweException {
    List<UnifiedDiff.FilePatch> diff;
    try {
      diff = UnifiedDiff.parse(patch);
    } catch (PatchException e) {
      throw new MiniSweException(file + ": not a unified diff: " + e.getMessage(), e);
    }
    for (UnifiedDiff.FilePatch f : diff) {
      if (f.oldPath() != null && !Files.isRegularFile(repo.resolve(f.oldPath()))) {
        throw new MiniSweException(
            file + ": patches " + f.oldPath() + ", which is not in " + REPO_DIR + "/");
      }
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The suite folder. */
  public Path dir() {
    return dir;
  }

  /** Every task, sorted by id. */
  public List<TaskSpec> all() {
    return tasks;
  }

  @Override
  public List<TaskSpec> tasks(Split split) {
    return tasks.stream()
        .filter(t -> t.getLabelsOrDefault("split", "").equals(split.label()))
        .toList();
  }

  /** The task with this id. */
  public TaskSpec task(String id) {
    return tasks.stream()
        .filter(t -> t.getId().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no mini-swe task '" + id + "' in " + dir));
  }

  /** Checks that test ids are unique within and across FAIL_TO_PASS and PASS_TO_PASS. */
  static void checkTestIds(Path file, List<String> f2p, List<String> p2p) throws MiniSweException {
    Set<String> seen = new HashSet<>();
    for (String id : f2p) {
      if (!seen.add(id)) {
        throw new MiniSweException(file + ": FAIL_TO_PASS lists '" + id + "' twice");
      }
    }
    for (String id : p2p) {
      if (!seen.add(id)) {
        throw new MiniSweException(
            file + ": PASS_TO_PASS lists '" + id + "' twice or also in FAIL_TO_PASS");
      }
    }
  }
}
