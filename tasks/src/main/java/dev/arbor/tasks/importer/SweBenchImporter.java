package dev.arbor.tasks.importer;

import dev.arbor.proto.v1.TaskSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Converts SWE-bench-format JSON Lines (one instance per line, as published by SWE-bench, SWE-bench
 * Verified/Lite, SWE-Gym and their derivatives) into {@link TaskSpec}s.
 *
 * <p>Every line is judged on its own: a bad line is rejected with its line number and reason
 * ({@link RejectReason}) and the import goes on. Rules, in order:
 *
 * <ol>
 *   <li>Lines end at {@code '\n'} only; a trailing {@code '\r'} is dropped; blank lines are
 *       skipped; each line must be valid UTF-8 ({@link JsonLines}).
 *   <li>Each line must be one JSON object; a key twice in one object is malformed ({@link
 *       RawJson}).
 *   <li>Unknown keys are ignored and reported once per key, with the first line and the number of
 *       rows.
 *   <li>Fields are checked as {@link SweBenchRow} says; texts are kept verbatim (CRLF inside
 *       patches included), {@code version} and {@code created_at} as written.
 *   <li>Stars ({@link ImportOptions}): the stars file, else {@code base.repo.stargazers_count};
 *       rows below {@code --min-stars} are rejected, rows without star data kept unless {@code
 *       --require-stars}.
 *   <li>A repeated {@code instance_id} is rejected (the first imported row wins); rows with the
 *       same repo, base_commit and patch as an earlier row under another id are kept and reported.
 * </ol>
 *
 * <p>Imported tasks get a {@code SNAPSHOT_KIND_GIT} repository at {@code
 * https://github.com/<repo>.git} and {@code base_commit}, and no test commands: how to run a
 * SWE-bench repository's tests is specific to each repository and version (SWE-bench's harness
 * specs), and belongs to the container backend that runs them.
 */
public final class SweBenchImporter {
  /** The imported tasks, in input order, and the report. */
  public record Result(List<TaskSpec> tasks, ImportReport report) {}

  private record FirstSeen(long line, String instanceId) {}

  private SweBenchImporter() {}

  /**
   * Imports {@code file}.
   *
   * @throws IOException if the file cannot be read (missing, a directory, an I/O error)
   */
  public static Result importFile(Path file, ImportOptions options) throws IOException {
    ImportReport report = new ImportReport(file.toString());
    List<TaskSpec> tasks = new ArrayList<>();
    Map<String, Long> lineOfId = new HashMap<>();
    Map<String, FirstSeen> firstContent = new HashMap<>();
    try (JsonLines lines = JsonLines.open(file)) {
      for (JsonLines.Line line = lines.next(); line != null; line = lines.next()) {
        report.line();
        long n = line.number();
        if (!line.ok()) {
          report.reject(n, RejectReason.INVALID_UTF8, line.decodeError(), "");
          continue;
        }
        if (line.text().isBlank()) {
          report.blank();
          continue;
        }
        Object parsed;
        try {
          parsed = RawJson.parse(line.text());
        } catch (RawJson.Malformed e) {
          report.reject(n, RejectReason.MALFORMED_JSON, "malformed JSON: " + e.getMessage(), "");
          continue;
        }
        if (!(parsed instanceof Map<?, ?> raw)) {
          report.reject(
              n,
              RejectReason.NOT_AN_OBJECT,
              "not a JSON object (got a " + RawJson.typeName(parsed) + ")",
              "");
          continue;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> obj = (Map<String, Object>) raw;
        for (String key : obj.keySet()) {
          if (!SweBenchRow.KNOWN_KEYS.contains(key)) {
            report.unknownKey(key, n);
          }
        }
        SweBenchRow row;
        try {
          row = SweBenchRow.parse(obj);
        } catch (SweBenchRow.Reject e) {
          report.reject(n, e.reason, e.getMessage(), SweBenchRow.idOf(obj));
          continue;
        }
        OptionalInt fromFile =
            options.starsFile().map(f -> f.stars(row.repo())).orElse(OptionalInt.empty());
        OptionalInt stars = fromFile.isPresent() ? fromFile : row.stars();
        String source = fromFile.isPresent() ? "stars-file" : row.stars().isPresent() ? "row" : "";
        if (stars.isEmpty() && options.requireStars()) {
          report.reject(
              n,
              RejectReason.NO_STAR_DATA,
              "no star data for " + row.repo() + " (--require-stars)",
              row.instanceId());
          continue;
        }
        if (stars.isPresent()
            && options.minStars().isPresent()
            && stars.getAsInt() < options.minStars().getAsInt()) {
          report.reject(
              n,
              RejectReason.BELOW_MIN_STARS,
              String.format(
                  "%s has %d stars, fewer than --min-stars %d",
                  row.repo(), stars.getAsInt(), options.minStars().getAsInt()),
              row.instanceId());
          continue;
        }
        Long first = lineOfId.putIfAbsent(row.instanceId(), n);
        if (first != null) {
          report.reject(
              n,
              RejectReason.DUPLICATE_ID,
              "same instance_id as line " + first + " (the first is kept)",
              row.instanceId());
          continue;
        }
        String content = row.repo() + '\0' + row.baseCommit() + '\0' + row.patch();
        FirstSeen seen = firstContent.putIfAbsent(content, new FirstSeen(n, row.instanceId()));
        if (seen != null) {
          report.contentDuplicate(n, row.instanceId(), seen.line(), seen.instanceId());
        }
        tasks.add(row.toTask(options.suite(), stars, source));
        report.imported();
        if (stars.isEmpty()) {
          report.withoutStars();
        }
      }
    }
    return new Result(tasks, report);
  }
}
