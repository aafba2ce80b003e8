package dev.arbor.tasks.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.proto.v1.SnapshotKind;
import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tasks.Resources;
import dev.arbor.tasks.suite.TaskSetFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per rule, on the fixture whose lines are described in its README. */
class SweBenchImporterTest {
  private static final Path FIXTURE =
      Resources.findUp("tasks/src/test/resources/importer/swebench-tricky.jsonl");
  private static final Path STARS = FIXTURE.resolveSibling("stars.csv");

  private static SweBenchImporter.Result run(ImportOptions options) throws Exception {
    return SweBenchImporter.importFile(FIXTURE, options);
  }

  private static SweBenchImporter.Result plain() throws Exception {
    return run(ImportOptions.defaults());
  }

  private static TaskSpec task(SweBenchImporter.Result r, String id) {
    return r.tasks().stream().filter(t -> t.getId().equals(id)).findFirst().orElseThrow();
  }

  private static Map<Long, ImportReport.Rejection> rejectedByLine(SweBenchImporter.Result r) {
    return r.report().rejections().stream()
        .collect(Collectors.toMap(ImportReport.Rejection::line, x -> x));
  }

  @Test
  void importsTheGoodRowsInOrderAndRejectsEveryBadLineWithItsNumber() throws Exception {
    SweBenchImporter.Result r = plain();
    assertThat(r.tasks())
        .extracting(TaskSpec::getId)
        .containsExactly(
            "django__django-11099",
            "astropy__astropy-12907",
            "scikit-learn__scikit-learn-10297",
            "astropy__astropy-99999",
            "pallets__flask-4045",
            "tiny__lib-16",
            "psf__requests-2317");
    ImportReport report = r.report();
    assertThat(report.lines()).isEqualTo(21);
    assertThat(report.blankLines()).isEqualTo(1);
    assertThat(report.importedCount()).isEqualTo(7);
    Map<Long, ImportReport.Rejection> byLine = rejectedByLine(r);
    assertThat(byLine.keySet())
        .containsExactlyInAnyOrder(5L, 6L, 7L, 8L, 9L, 10L, 12L, 13L, 14L, 17L, 18L, 19L, 20L);
    assertThat(byLine.get(5L).reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(byLine.get(6L).reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(byLine.get(6L).detail()).isEqualTo("missing field 'patch'");
    assertThat(byLine.get(6L).instanceId()).isEqualTo("owner__proj-6");
    assertThat(byLine.get(7L).reason()).isEqualTo(RejectReason.EMPTY_FIELD);
    assertThat(byLine.get(7L).detail()).isEqualTo("empty patch");
    assertThat(byLine.get(8L).reason()).isEqualTo(RejectReason.BAD_TEST_LIST);
    assertThat(byLine.get(8L).detail()).isEqualTo("FAIL_TO_PASS is not a list (got number)");
    assertThat(byLine.get(9L).reason()).isEqualTo(RejectReason.BAD_TEST_LIST);
    assertThat(byLine.get(9L).detail()).startsWith("FAIL_TO_PASS is a string but not a JSON list");
    assertThat(byLine.get(12L).reason()).isEqualTo(RejectReason.INVALID_UTF8);
    assertThat(byLine.get(12L).detail()).contains("0xff");
    assertThat(byLine.get(13L).reason()).isEqualTo(RejectReason.NOT_AN_OBJECT);
    assertThat(byLine.get(14L).reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(byLine.get(14L).detail()).contains("'instance_id' appears twice");
    assertThat(byLine.get(17L).reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(byLine.get(17L).detail()).contains("after the JSON value");
    assertThat(byLine.get(18L).reason()).isEqualTo(RejectReason.EMPTY_FIELD);
    assertThat(byLine.get(18L).detail()).contains("FAIL_TO_PASS is empty");
    assertThat(byLine.get(19L).reason()).isEqualTo(RejectReason.WRONG_TYPE);
    assertThat(byLine.get(19L).detail()).isEqualTo("instance_id must be a string, got number");
    assertThat(byLine.get(20L).reason()).isEqualTo(RejectReason.NOT_A_DIFF);
    assertThat(report.render())
        .contains("imported:  7 tasks")
        .contains("rejected:  13 lines")
        .contains("line 6: missing field 'patch' (instance_id owner__proj-6)")
        .contains("line 5: malformed JSON: Unexpected end-of-input")
        .contains("line 13: not a JSON object (got a list)")
        .contains("(1 blank, skipped)");
  }

  @Test
  void duplicateIdsKeepTheFirstAndSameContentUnderAnotherIdIsReported() throws Exception {
    SweBenchImporter.Result r = plain();
    ImportReport.Rejection dup = rejectedByLine(r).get(10L);
    assertThat(dup.reason()).isEqualTo(RejectReason.DUPLICATE_ID);
    assertThat(dup.detail()).isEqualTo("same instance_id as line 1 (the first is kept)");
    assertThat(task(r, "django__django-11099").getInstruction()).doesNotContain("dup");
    assertThat(r.report().contentDuplicates())
        .containsExactly(
            new ImportReport.ContentDuplicate(
                11, "astropy__astropy-99999", 2, "astropy__astropy-12907"));
    assertThat(r.report().render())
        .contains("line 11 (astropy__astropy-99999) has the same content as line 2");
  }

  @Test
  void testListsAsJsonTextOrRealListsAndUnicodeIds() throws Exception {
    SweBenchImporter.Result r = plain();
    assertThat(task(r, "django__django-11099").getFailToPassList())
        .containsExactly(
            "test_ascii_validator (auth_tests.test_validators.UsernameValidatorsTests)");
    assertThat(task(r, "astropy__astropy-12907").getPassToPassList()).hasSize(2);
    assertThat(task(r, "scikit-learn__scikit-learn-10297").getPassToPassList()).isEmpty();
    assertThat(task(r, "psf__requests-2317").getFailToPassList())
        .containsExactly("test_requests.py::test_ünïcode[🚀]");
  }

  @Test
  void versionIsKeptAsWrittenEvenWhenItIsANumber() throws Exception {
    SweBenchImporter.Result r = plain();
    assertThat(task(r, "django__django-11099").getSource().getVersion()).isEqualTo("3.0");
    assertThat(task(r, "astropy__astropy-12907").getSource().getVersion()).isEqualTo("4.3");
    assertThat(task(r, "scikit-learn__scikit-learn-10297").getSource().getVersion())
        .isEqualTo("0.20");
    assertThat(task(r, "psf__requests-2317").getSource().getVersion()).isEqualTo("2.4");
    assertThat(task(r, "scikit-learn__scikit-learn-10297").getSource().getCreatedAt())
        .isEqualTo("1515000000000");
  }

  @Test
  void textsAreVerbatimCrlfInPatchesRawCrEmojiAndCjk() throws Exception {
    TaskSpec t = task(plain(), "scikit-learn__scikit-learn-10297");
    assertThat(t.getGoldPatch()).contains("class RidgeClassifierCV:\r\n-    pass\r\n");
    assertThat(t.getGoldPatch().split("\r\n", -1)).hasSize(9);
    assertThat(t.getInstruction()).endsWith("issue 🚀 漢字 かな");
    assertThat(t.getSource().getHintsText()).isEqualTo("first line\rstill the same JSON line");
    assertThat(task(plain(), "psf__requests-2317").getSource().getHintsText()).isEqualTo("🙂");
  }

  @Test
  void unknownKeysAreReportedOncePerKey() throws Exception {
    ImportReport report = plain().report();
    assertThat(report.unknownKeys())
        .containsOnlyKeys("image_name", "meta")
        .containsEntry("image_name", new ImportReport.KeyUse(2, 2))
        .containsEntry("meta", new ImportReport.KeyUse(3, 1));
    assertThat(report.render()).contains("'image_name' first on line 2, in 2 rows");
  }

  @Test
  void tasksCarryRepositorySourceAndLabels() throws Exception {
    TaskSpec t = task(plain(), "django__django-11099");
    assertThat(t.getSuite()).isEqualTo("swe-bench");
    assertThat(t.getRepository().getKind()).isEqualTo(SnapshotKind.SNAPSHOT_KIND_GIT);
    assertThat(t.getRepository().getLocation()).isEqualTo("https://github.com/django/django.git");
    assertThat(t.getRepository().getBaseCommit()).startsWith("ef082ebb");
    assertThat(t.getSource().getRepository()).isEqualTo("django/django");
    assertThat(t.getSource().getInstanceId()).isEqualTo("django__django-11099");
    assertThat(t.getSource().getStars()).isEqualTo(81234);
    assertThat(t.getLabelsMap())
        .containsEntry("environment_setup_commit", "419a78300f7cd27611196e1e464d50fd0385ff27")
        .containsEntry("stars_source", "row");
    assertThat(t.getTestPatch()).startsWith("diff --git a/tests/auth_tests/");
    assertThat(t.getTestCommandsList()).isEmpty();
  }

  @Test
  void starsFromTheRowOrTheStarsFileAndTheMinStarsFilter() throws Exception {
    StarsFile stars = StarsFile.read(STARS);
    SweBenchImporter.Result r =
        run(new ImportOptions("swe", OptionalInt.of(1000), false, Optional.of(stars)));
    assertThat(r.tasks()).extracting(TaskSpec::getId).doesNotContain("tiny__lib-16");
    ImportReport.Rejection low = rejectedByLine(r).get(16L);
    assertThat(low.reason()).isEqualTo(RejectReason.BELOW_MIN_STARS);
    assertThat(low.detail()).isEqualTo("tiny/lib has 12 stars, fewer than --min-stars 1000");
    TaskSpec flask = task(r, "pallets__flask-4045");
    assertThat(flask.getSource().getStars()).isEqualTo(65000);
    assertThat(flask.getLabelsMap()).containsEntry("stars_source", "stars-file");
    assertThat(task(r, "psf__requests-2317").getSource().getStars()).isEqualTo(51000);
    // astropy and scikit-learn have no star data anywhere: kept, and counted.
    assertThat(task(r, "astropy__astropy-12907").getLabelsMap()).doesNotContainKey("stars_source");
    assertThat(r.report().withoutStarsCount()).isEqualTo(3);
    assertThat(r.report().render()).contains("kept without star data: 3");
  }

  @Test
  void requireStarsRejectsRowsWithoutStarData() throws Exception {
    SweBenchImporter.Result r =
        run(new ImportOptions("swe", OptionalInt.empty(), true, Optional.empty()));
    assertThat(r.tasks())
        .extracting(TaskSpec::getId)
        .containsExactly("django__django-11099", "tiny__lib-16");
    assertThat(rejectedByLine(r).get(2L).reason()).isEqualTo(RejectReason.NO_STAR_DATA);
    // 2, 3, 10 (the star filter comes before the duplicate check), 11, 15 and 21.
    assertThat(r.report().rejectedByReason()).containsEntry(RejectReason.NO_STAR_DATA, 6L);
  }

  @Test
  void anUnreadableInputIsAnErrorNamingIt(@TempDir Path dir) {
    assertThatThrownBy(
            () -> SweBenchImporter.importFile(dir.resolve("nope.jsonl"), ImportOptions.defaults()))
        .hasMessageContaining("nope.jsonl");
    assertThatThrownBy(() -> SweBenchImporter.importFile(dir, ImportOptions.defaults()))
        .hasMessageContaining("is a directory");
  }

  @Test
  void linesSplitOnNewlineOnly(@TempDir Path dir) throws Exception {
    // A CR between tokens is JSON white space, not a line break: one line, one task.
    String row =
        "{\"instance_id\": \"a__b-1\",\r \"repo\": \"a/b\", \"base_commit\": \"c\","
            + " \"problem_statement\": \"p\", \"patch\": \"--- a/x\\n+++ b/x\\n@@ -1 +1 @@\\n-a\\n+b\\n\","
            + " \"FAIL_TO_PASS\": [\"t\"], \"PASS_TO_PASS\": []}\r\n";
    Path file = dir.resolve("cr.jsonl");
    Files.write(
        file, (row + "\n" + row.replace("a__b-1", "a__b-2")).getBytes(StandardCharsets.UTF_8));
    SweBenchImporter.Result r = SweBenchImporter.importFile(file, ImportOptions.defaults());
    assertThat(r.tasks()).extracting(TaskSpec::getId).containsExactly("a__b-1", "a__b-2");
    assertThat(r.report().lines()).isEqualTo(3);
    assertThat(r.report().blankLines()).isEqualTo(1);
  }

  @Test
  void theTaskSetRoundTripsThroughItsFiles(@TempDir Path dir) throws Exception {
    List<TaskSpec> tasks = plain().tasks();
    Path out = dir.resolve("set");
    TaskSetFiles.write(out, tasks);
    assertThat(TaskSetFiles.read(out)).isEqualTo(tasks);
    assertThat(TaskSetFiles.read(out.resolve(TaskSetFiles.TASKS_FILE))).isEqualTo(tasks);
    List<String> index = Files.readAllLines(out.resolve(TaskSetFiles.INDEX_FILE));
    assertThat(index).hasSize(tasks.size() + 1);
    assertThat(index.get(0)).isEqualTo(TaskSetFiles.INDEX_HEADER);
    assertThat(index.get(1))
        .isEqualTo(
            "django__django-11099\tswe-bench\tdjango/django\tef082ebb84f00e38af4e8880d04e8365c2766d34"
                + "\t1\t1\t81234\t3.0\t2019-03-20T03:46:18Z");
    assertThat(index.get(2)).contains("\t\t4.3\t"); // no star data: empty cell
    assertThatThrownBy(() -> TaskSetFiles.read(dir)).hasMessageContaining("tasks.binpb");
  }
}
