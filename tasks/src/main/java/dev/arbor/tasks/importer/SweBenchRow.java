package dev.arbor.tasks.importer;

import dev.arbor.proto.v1.RepositorySnapshot;
import dev.arbor.proto.v1.SnapshotKind;
import dev.arbor.proto.v1.SourceMetadata;
import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tasks.tools.patch.PatchException;
import dev.arbor.tasks.tools.patch.UnifiedDiff;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One SWE-bench instance, checked field by field. Required: {@code instance_id}, {@code repo}
 * ("owner/name"), {@code base_commit}, {@code problem_statement}, {@code patch} (a unified diff),
 * {@code FAIL_TO_PASS} (non-empty) and {@code PASS_TO_PASS} (may be empty), the test lists as JSON
 * lists or as strings holding one. Optional: {@code test_patch} (a diff if not empty), {@code
 * hints_text}, {@code created_at} and {@code version} (strings or numbers, kept as written), {@code
 * environment_setup_commit}, {@code base.repo.stargazers_count}. JSON null counts as absent for the
 * optional fields.
 */
record SweBenchRow(
    String instanceId,
    String repo,
    String baseCommit,
    String problemStatement,
    String patch,
    String testPatch,
    List<String> failToPass,
    List<String> passToPass,
    String hintsText,
    String createdAt,
    String version,
    String environmentSetupCommit,
    OptionalInt stars) {

  /** The keys this importer reads; others are reported once and ignored. */
  static final Set<String> KNOWN_KEYS =
      Set.of(
          "instance_id",
          "repo",
          "base_commit",
          "problem_statement",
          "patch",
          "test_patch",
          "FAIL_TO_PASS",
          "PASS_TO_PASS",
          "hints_text",
          "created_at",
          "version",
          "environment_setup_commit",
          "base");

  private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

  /** Why a row cannot be imported. */
  static final class Reject extends Exception {
    private static final long serialVersionUID = 1L;
    final RejectReason reason;

    Reject(RejectReason reason, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
    }
  }

  /** The instance_id of a row if it is a string, for messages about rows rejected otherwise. */
  static String idOf(Map<String, Object> row) {
    return row.get("instance_id") instanceof String s ? s : "";
  }

  static SweBenchRow parse(Map<String, Object> row) throws Reject {
    String id = required(row, "instance_id");
    String repo = required(row, "repo");
    if (!REPO.matcher(repo).matches()) {
      throw new Reject(RejectReason.BAD_VALUE, "repo '" + repo + "' is not 'owner/name'");
    }
    String baseCommit = required(row, "base_commit");
    String problem = required(row, "problem_statement");
    String patch = required(row, "patch");
    checkDiff("patch", patch);
    String testPatch = optionalText(row, "test_patch", false);
    if (!testPatch.isBlank()) {
      checkDiff("test_patch", testPatch);
    }
    List<String> f2p = tests(row, "FAIL_TO_PASS");
    if (f2p.isEmpty()) {
      throw new Reject(
          RejectReason.EMPTY_FIELD, "FAIL_TO_PASS is empty: the task could not be verified");
    }
    return new SweBenchRow(
        id,
        repo,
        baseCommit,
        problem,
        patch,
        testPatch,
        f2p,
        tests(row, "PASS_TO_PASS"),
        optionalText(row, "hints_text", false),
        optionalText(row, "created_at", true),
        optionalText(row, "version", true),
        optionalText(row, "environment_setup_commit", false),
        rowStars(row));
  }

  /** The task, with the star count and where it came from ("" when unknown). */
  TaskSpec toTask(String suite, OptionalInt stars, String starsSource) {
    TaskSpec.Builder b =
        TaskSpec.newBuilder()
            .setId(instanceId)
            .setSuite(suite)
            .setInstruction(problemStatement)
            .setRepository(
                RepositorySnapshot.newBuilder()
                    .setKind(SnapshotKind.SNAPSHOT_KIND_GIT)
                    .setLocation("https://github.com/" + repo + ".git")
                    .setBaseCommit(baseCommit))
            .addAllFailToPass(failToPass)
            .addAllPassToPass(passToPass)
            .setGoldPatch(patch)
            .setTestPatch(testPatch)
            .setSource(
                SourceMetadata.newBuilder()
                    .setRepository(repo)
                    .setStars(stars.orElse(0))
                    .setInstanceId(instanceId)
                    .setCreatedAt(createdAt)
                    .setVersion(version)
                    .setHintsText(hintsText));
    if (!environmentSetupCommit.isEmpty()) {
      b.putLabels("environment_setup_commit", environmentSetupCommit);
    }
    if (!starsSource.isEmpty()) {
      b.putLabels("stars_source", starsSource);
    }
    return b.build();
  }

  private static String required(Map<String, Object> row, String key) throws Reject {
    Object v = row.get(key);
    if (v == null || v == RawJson.NULL) {
      throw new Reject(RejectReason.MISSING_FIELD, "missing field '" + key + "'");
    }
    if (!(v instanceof String s)) {
      throw new Reject(
          RejectReason.WRONG_TYPE, key + " must be a string, got " + RawJson.typeName(v));
    }
    if (s.isBlank()) {
      throw new Reject(
          RejectReason.EMPTY_FIELD, (key.equals("patch") ? "empty patch" : key + " is empty"));
    }
    return s;
  }

  private static String optionalText(Map<String, Object> row, String key, boolean numbersToo)
      throws Reject {
    Object v = row.get(key);
    if (v == null || v == RawJson.NULL) {
      return "";
    }
    if (v instanceof String s) {
      return s;
    }
    if (numbersToo && v instanceof RawJson.Num n) {
      return n.text(); // as written: 0.20 stays "0.20"
    }
    throw new Reject(
        RejectReason.WRONG_TYPE,
        key
            + " must be a string"
            + (numbersToo ? " or a number" : "")
            + ", got "
            + RawJson.typeName(v));
  }

  private static void checkDiff(String key, String text) throws Reject {
    try {
      UnifiedDiff.parse(text);
    } catch (PatchException e) {
      throw new Reject(RejectReason.NOT_A_DIFF, key + ": not a unified diff: " + e.getMessage());
    }
  }

  private static List<String> tests(Map<String, Object> row, String key) throws Reject {
    Object v = row.get(key);
    if (v == null) {
      throw new Reject(RejectReason.MISSING_FIELD, "missing field '" + key + "'");
    }
    if (v instanceof String s) {
      try {
        v = RawJson.parse(s);
      } catch (RawJson.Malformed e) {
        throw new Reject(
            RejectReason.BAD_TEST_LIST,
            key + " is a string but not a JSON list: " + e.getMessage());
      }
      if (!(v instanceof List)) {
        throw new Reject(
            RejectReason.BAD_TEST_LIST,
            key + " is not a list (its string holds a " + RawJson.typeName(v) + ")");
      }
    }
    if (!(v instanceof List<?> list)) {
      throw new Reject(
          RejectReason.BAD_TEST_LIST, key + " is not a list (got " + RawJson.typeName(v) + ")");
    }
    List<String> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof String s) || s.isBlank()) {
        throw new Reject(
            RejectReason.BAD_TEST_LIST,
            key
                + " item "
                + i
                + " must be a non-empty string, got "
                + RawJson.typeName(list.get(i)));
      }
      out.add(s);
    }
    return out;
  }

  private static OptionalInt rowStars(Map<String, Object> row) throws Reject {
    if (!(row.get("base") instanceof Map<?, ?> base)
        || !(base.get("repo") instanceof Map<?, ?> repo)
        || !repo.containsKey("stargazers_count")
        || repo.get("stargazers_count") == RawJson.NULL) {
      return OptionalInt.empty();
    }
    Object v = repo.get("stargazers_count");
    if (v instanceof RawJson.Num n) {
      try {
        BigDecimal d = new BigDecimal(n.text());
        if (d.signum() >= 0 && d.stripTrailingZeros().scale() <= 0) {
          return OptionalInt.of(d.intValueExact());
        }
      } catch (ArithmeticException | NumberFormatException tooBig) {
        // reported below
      }
    }
    throw new Reject(
        RejectReason.WRONG_TYPE,
        "base.repo.stargazers_count must be a non-negative integer, got " + v);
  }
}
