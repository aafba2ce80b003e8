package dev.arbor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.app.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arbor tasks import} and {@code arbor tasks list}. */
class TasksCommandsTest {
  private static final Path FIXTURE =
      CliHarness.findUp("tasks/src/test/resources/importer/swebench-tricky.jsonl");

  @Test
  void importThenListAsTextAndJson(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("set");
    Result imp =
        CliHarness.run(
            "tasks",
            "import",
            "--format",
            "swebench",
            FIXTURE.toString(),
            "--out",
            out.toString(),
            "--stars-file",
            FIXTURE.resolveSibling("stars.csv").toString(),
            "--min-stars",
            "1000");
    assertThat(imp.exitCode()).as(imp.err()).isZero();
    assertThat(imp.out())
        .contains("imported:  6 tasks")
        .contains("line 16: tiny/lib has 12 stars, fewer than --min-stars 1000")
        .contains("line 12: not valid UTF-8")
        .contains("wrote:");
    assertThat(out.resolve("tasks.binpb")).isRegularFile();
    assertThat(out.resolve("index.tsv")).isRegularFile();
    assertThat(Files.readString(out.resolve("import-report.txt"))).contains("imported:  6 tasks");

    Result list = CliHarness.run("tasks", "list", out.toString());
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out())
        .contains("tasks:         6")
        .contains("repositories:  5")
        .containsPattern("django__django-11099 +django/django +1 +1 +81234 +3\\.0")
        .containsPattern(
            "scikit-learn__scikit-learn-10297 +scikit-learn/scikit-learn +1 +0 +- +0\\.20");

    Result json = CliHarness.run("tasks", "list", "--json", out.toString());
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode node = new ObjectMapper().readTree(json.out());
    assertThat(node.get("tasks").asInt()).isEqualTo(6);
    assertThat(node.get("repositories").get("astropy/astropy").asInt()).isEqualTo(2);
    assertThat(node.get("items").get(0).get("stars").asInt()).isEqualTo(81234);
    assertThat(node.get("items").get(1).get("stars").isNull()).isTrue();
    assertThat(node.get("items").get(2).get("version").asText()).isEqualTo("0.20");
  }

  @Test
  void listsTheMiniSweSuiteFolder() {
    Result r =
        CliHarness.run("tasks", "list", CliHarness.findUp("resources/tasks/mini-swe").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("py-roman-subtractive").contains("lang=python split=train");
  }

  @Test
  void nothingImportedOrUnreadableInputIsExitCodeOne(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, "{not json\n[1]\n");
    Result r =
        CliHarness.run(
            "tasks",
            "import",
            "--format",
            "swebench",
            bad.toString(),
            "--out",
            dir.resolve("o").toString());
    assertThat(r.exitCode()).isEqualTo(ArborCli.EXIT_RUNTIME_ERROR);
    assertThat(r.out()).contains("rejected:  2 lines").contains("line 1: malformed JSON");
    assertThat(r.err()).contains("nothing imported from").hasLineCount(1);
    assertThat(dir.resolve("o")).doesNotExist();

    Result missing =
        CliHarness.run(
            "tasks",
            "import",
            "--format",
            "swebench",
            dir.resolve("nope.jsonl").toString(),
            "--out",
            dir.toString());
    assertThat(missing.exitCode()).isEqualTo(ArborCli.EXIT_RUNTIME_ERROR);
    assertThat(missing.err()).contains("nope.jsonl").hasLineCount(1);

    Result list = CliHarness.run("tasks", "list", dir.toString());
    assertThat(list.exitCode()).isEqualTo(ArborCli.EXIT_RUNTIME_ERROR);
    assertThat(list.err()).contains("tasks.binpb").hasLineCount(1);
  }

  @Test
  void usageErrorsAreExitCodeTwo(@TempDir Path dir) {
    Result noOut = CliHarness.run("tasks", "import", "--format", "swebench", FIXTURE.toString());
    assertThat(noOut.exitCode()).isEqualTo(ArborCli.EXIT_USAGE);
    assertThat(noOut.err()).contains("--out");
    Result badFormat =
        CliHarness.run(
            "tasks", "import", "--format", "csv", FIXTURE.toString(), "--out", dir.toString());
    assertThat(badFormat.exitCode()).isEqualTo(ArborCli.EXIT_USAGE);
    assertThat(badFormat.err()).contains("swebench");
    Result negative =
        CliHarness.run(
            "tasks",
            "import",
            "--format",
            "swebench",
            FIXTURE.toString(),
            "--out",
            dir.toString(),
            "--min-stars",
            "-1");
    assertThat(negative.exitCode()).isEqualTo(ArborCli.EXIT_USAGE);
    Result group = CliHarness.run("tasks");
    assertThat(group.exitCode()).isEqualTo(ArborCli.EXIT_USAGE);
    assertThat(group.err()).contains("Commands: import, list, export, teacher");
    Result suite = CliHarness.run("tasks", "export", "--suite", "nope", "--out", dir.toString());
    assertThat(suite.exitCode()).isEqualTo(ArborCli.EXIT_USAGE);
    assertThat(suite.err()).contains("unknown suite 'nope'; exportable: arithmetic-tools");
    Result level =
        CliHarness.run(
            "tasks",
            "export",
            "--suite",
            "arithmetic-tools",
            "--levels",
            "9",
            "--out",
            dir.toString());
    assertThat(level.exitCode()).isEqualTo(ArborCli.EXIT_USAGE);
    assertThat(level.err()).contains("arithmetic level must be 1..5, got 9");
  }

  @Test
  void exportArithmeticWithTeachersThenList(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("arith");
    Result r =
        CliHarness.run(
            "tasks",
            "export",
            "--suite",
            "arithmetic-tools",
            "--levels",
            "1,3",
            "--per-level",
            "5",
            "--split",
            "test",
            "--parallel-calls",
            "--out",
            out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote 10 arithmetic-tools tasks (test, levels [1, 3])");
    assertThat(Files.readAllLines(out.resolve("teacher.jsonl"))).hasSize(10);
    Result list = CliHarness.run("tasks", "list", out.toString());
    assertThat(list.out()).contains("tasks:         10").contains("arith-L3-test-00004");
  }
}
