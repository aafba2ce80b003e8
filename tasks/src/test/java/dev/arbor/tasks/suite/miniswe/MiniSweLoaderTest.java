package dev.arbor.tasks.suite.miniswe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.proto.v1.SnapshotKind;
import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tasks.Resources;
import dev.arbor.tasks.suite.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiniSweLoaderTest {

  @Test
  void theShippedSuiteHasAtLeastTwelveTasksInSeveralLanguages() throws Exception {
    MiniSwe suite = MiniSwe.load(Resources.miniSwe());
    assertThat(suite.all()).hasSizeGreaterThanOrEqualTo(12);
    Map<String, Long> byLang =
        suite.all().stream()
            .collect(
                Collectors.groupingBy(
                    t -> t.getLabelsOrThrow("lang"), TreeMap::new, Collectors.counting()));
    assertThat(byLang.keySet()).contains("python", "java", "shell");
    assertThat(suite.all())
        .filteredOn(t -> t.getTestLogFormat().equals("unittest"))
        .hasSizeGreaterThan(suite.all().size() / 2);
    assertThat(suite.tasks(Split.TRAIN)).isNotEmpty();
    assertThat(suite.tasks(Split.TEST)).isNotEmpty();
    assertThat(suite.tasks(Split.TRAIN).size() + suite.tasks(Split.TEST).size())
        .isEqualTo(suite.all().size());
    assertThat(suite.all()).filteredOn(t -> !t.getTestPatch().isEmpty()).isNotEmpty();

    TaskSpec roman = suite.task("py-roman-subtractive");
    assertThat(roman.getSuite()).isEqualTo("mini-swe");
    assertThat(roman.getInstruction()).startsWith("# to_roman(4) returns");
    assertThat(roman.getRepository().getKind()).isEqualTo(SnapshotKind.SNAPSHOT_KIND_DIRECTORY);
    assertThat(Path.of(roman.getRepository().getLocation())).isAbsolute().isDirectory();
    assertThat(roman.getFailToPassList()).contains("tests.test_roman.TestToRoman.test_four");
    assertThat(roman.getGoldPatch()).startsWith("diff --git a/roman.py b/roman.py");
    assertThat(roman.getAllowedToolsList()).contains("apply_patch", "run", "submit");
    assertThat(roman.getLimits().getWallClockTimeoutMs()).isEqualTo(60_000);
  }

  /** A minimal valid task folder to break in the tests below. */
  private static Path validTask(Path suite, String id) throws Exception {
    Path t = suite.resolve(id);
    Files.createDirectories(t.resolve("repo"));
    Files.writeString(t.resolve("repo/a.py"), "x = 1\n");
    Files.writeString(t.resolve("issue.md"), "x should be 2\n");
    Files.writeString(
        t.resolve("gold.patch"), "--- a/a.py\n+++ b/a.py\n@@ -1 +1 @@\n-x = 1\n+x = 2\n");
    Files.writeString(
        t.resolve("task.json"),
        """
        {"id": "%s", "language": "python", "split": "train", "difficulty": 1,
         "summary": "x", "test_log_format": "unittest", "test_commands": ["python3 -m unittest"],
         "FAIL_TO_PASS": ["t.T.a"], "PASS_TO_PASS": ["t.T.b"],
         "limits": {"max_turns": 5}}
        """
            .formatted(id));
    return t;
  }

  @Test
  void aValidFolderLoadsAndCopies(@TempDir Path dir) throws Exception {
    validTask(dir, "ok-task");
    Files.writeString(dir.resolve("README.md"), "not a task\n");
    MiniSwe suite = MiniSwe.load(dir);
    assertThat(suite.all()).hasSize(1);
    assertThat(suite.all().get(0).getLimits().getMaxTurns()).isEqualTo(5);
    assertThat(MiniSwe.isSuiteFolder(dir)).isTrue();
    assertThat(Path.of(suite.all().get(0).getRepository().getLocation()).resolve("a.py"))
        .hasContent("x = 1");
  }

  private static void assertBroken(Path dir, String... fragments) {
    assertThatThrownBy(() -> MiniSwe.load(dir))
        .isInstanceOf(MiniSweException.class)
        .message()
        .contains(fragments);
  }

  private static void edit(Path file, String from, String to) throws Exception {
    String s = Files.readString(file);
    assertThat(s).contains(from);
    Files.writeString(file, s.replace(from, to));
  }

  @Test
  void brokenTaskFoldersNameFileAndField(@TempDir Path dir) throws Exception {
    Path t = validTask(dir, "t1");
    Path json = t.resolve("task.json");

    edit(json, "\"id\": \"t1\"", "\"id\": \"other\"");
    assertBroken(dir, "task.json", "'id' is 'other' but the folder is 't1'");
    edit(json, "\"id\": \"other\"", "\"id\": \"t1\"");

    edit(json, "\"FAIL_TO_PASS\": [\"t.T.a\"]", "\"FAIL_TO_PASS\": \"t.T.a\"");
    assertBroken(dir, "task.json", "'FAIL_TO_PASS' must be a list of strings");
    edit(json, "\"FAIL_TO_PASS\": \"t.T.a\"", "\"FAIL_TO_PASS\": []");
    assertBroken(dir, "'FAIL_TO_PASS' is empty");
    edit(json, "\"FAIL_TO_PASS\": []", "\"FAIL_TO_PASS\": [\"t.T.b\"]");
    assertBroken(dir, "PASS_TO_PASS lists 't.T.b' twice or also in FAIL_TO_PASS");
    edit(json, "\"FAIL_TO_PASS\": [\"t.T.b\"]", "\"FAIL_TO_PASS\": [\"t.T.a\"]");

    edit(json, "\"unittest\"", "\"junit\"");
    assertBroken(dir, "field 'test_log_format': unknown test log format 'junit'");
    edit(json, "\"junit\"", "\"unittest\"");

    edit(json, "\"split\": \"train\"", "\"split\": \"dev\"");
    assertBroken(dir, "unknown split 'dev'");
    edit(json, "\"split\": \"dev\"", "\"split\": \"train\"");

    edit(json, "\"max_turns\": 5", "\"max_turns\": -5");
    assertBroken(dir, "'limits.max_turns' must be a non-negative integer");
    edit(json, "\"max_turns\": -5", "\"max_tunrs\": 5");
    assertBroken(dir, "unknown field 'limits.max_tunrs'");
    edit(json, "\"max_tunrs\": 5", "\"max_turns\": 5, \"extra\": 1");
    assertBroken(dir, "unknown field 'limits.extra'");
    edit(json, ", \"extra\": 1", "}, \"colour\": \"red\"");
    edit(json, "}}", "}");
    assertBroken(dir, "unknown field 'colour'");
    edit(json, ", \"colour\": \"red\"", "");

    edit(json, "\"difficulty\": 1", "\"difficulty\": 1,,");
    assertBroken(dir, "task.json:", "not valid JSON");
    edit(json, "\"difficulty\": 1,,", "\"difficulty\": 1");

    MiniSwe.load(dir); // repaired
  }

  @Test
  void brokenPatchesAndMissingFiles(@TempDir Path dir) throws Exception {
    Path t = validTask(dir, "t1");
    Files.writeString(t.resolve("gold.patch"), "not a diff\n");
    assertBroken(dir, "gold.patch", "not a unified diff");
    Files.writeString(
        t.resolve("gold.patch"), "--- a/b.py\n+++ b/b.py\n@@ -1 +1 @@\n-x = 1\n+x = 2\n");
    assertBroken(dir, "gold.patch", "patches b.py, which is not in repo/");
    Files.writeString(t.resolve("gold.patch"), "");
    assertBroken(dir, "gold.patch", "empty");
    Files.delete(t.resolve("gold.patch"));
    assertBroken(dir, "gold.patch", "missing");
    validTask(dir, "t1");
    Files.delete(t.resolve("issue.md"));
    assertBroken(dir, "issue.md: missing");
    validTask(dir, "t1");
    Files.delete(t.resolve("task.json"));
    assertBroken(dir, "t1: no task.json");
  }

  @Test
  void notASuiteFolder(@TempDir Path dir) throws Exception {
    assertBroken(dir.resolve("nope"), "not a directory");
    assertBroken(dir, "no task folders");
    assertThat(MiniSwe.isSuiteFolder(dir)).isFalse();
  }
}
