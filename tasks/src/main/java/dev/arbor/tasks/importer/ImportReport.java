package dev.arbor.tasks.importer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an import did: lines read, tasks imported, every rejected line with its number and reason,
 * duplicate contents, unknown keys and rows kept without star data. {@link #render()} is the text
 * the CLI prints.
 */
public final class ImportReport {
  /**
   * A rejected line; {@code detail} says what was wrong in words, {@code instanceId} is empty when
   * the line had none.
   */
  public record Rejection(long line, RejectReason reason, String detail, String instanceId) {
    @Override
    public String toString() {
      return "line "
          + line
          + ": "
          + detail
          + (instanceId.isEmpty() ? "" : " (instance_id " + instanceId + ")");
    }
  }

  /** Two imported rows with the same repo, base_commit and patch under different ids. */
  public record ContentDuplicate(long line, String instanceId, long firstLine, String firstId) {}

  /** Where an unknown key was first seen and in how many rows. */
  public record KeyUse(long firstLine, long rows) {}

  private final String source;
  private long lines;
  private long blankLines;
  private long imported;
  private long withoutStars;
  private final List<Rejection> rejections = new ArrayList<>();
  private final List<ContentDuplicate> contentDuplicates = new ArrayList<>();
  private final Map<String, KeyUse> unknownKeys = new LinkedHashMap<>();

  ImportReport(String source) {
    this.source = source;
  }

  void line() {
    lines++;
  }

  void blank() {
    blankLines++;
  }

  void imported() {
    imported++;
  }

  void withoutStars() {
    withoutStars++;
  }

  void reject(long line, RejectReason reason, String detail, String instanceId) {
    rejections.add(new Rejection(line, reason, detail, instanceId));
  }

  void contentDuplicate(long line, String id, long firstLine, String firstId) {
    contentDuplicates.add(new ContentDuplicate(line, id, firstLine, firstId));
  }

  void unknownKey(String key, long line) {
    unknownKeys.merge(key, new KeyUse(line, 1), (a, b) -> new KeyUse(a.firstLine(), a.rows() + 1));
  }

  /** The input file. */
  public String source() {
    return source;
  }

  /** Lines read, blank ones included. */
  public long lines() {
    return lines;
  }

  public long blankLines() {
    return blankLines;
  }

  public long importedCount() {
    return imported;
  }

  /** Imported rows that had no star data. */
  public long withoutStarsCount() {
    return withoutStars;
  }

  public List<Rejection> rejections() {
    return Collections.unmodifiableList(rejections);
  }

  public List<ContentDuplicate> contentDuplicates() {
    return Collections.unmodifiableList(contentDuplicates);
  }

  public Map<String, KeyUse> unknownKeys() {
    return Collections.unmodifiableMap(unknownKeys);
  }

  /** Rejections counted by reason, in the order of {@link RejectReason}. */
  public Map<RejectReason, Long> rejectedByReason() {
    Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
    rejections.forEach(r -> out.merge(r.reason(), 1L, Long::sum));
    return out;
  }

  /** The summary and every rejected line, for people. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("read:      %d lines from %s", lines, source));
    if (blankLines > 0) {
      sb.append(String.format(" (%d blank, skipped)", blankLines));
    }
    sb.append(String.format("%nimported:  %d tasks%n", imported));
    sb.append(String.format("rejected:  %d lines%n", rejections.size()));
    rejectedByReason()
        .forEach((reason, n) -> sb.append(String.format("  %-32s %d%n", reason.label(), n)));
    long dupIds = rejectedByReason().getOrDefault(RejectReason.DUPLICATE_ID, 0L);
    sb.append(
        String.format(
            "duplicates: %d repeated instance_id (first kept), %d with the same repo, base_commit"
                + " and patch as another id (both kept)%n",
            dupIds, contentDuplicates.size()));
    for (ContentDuplicate d : contentDuplicates) {
      sb.append(
          String.format(
              "  line %d (%s) has the same content as line %d (%s)%n",
              d.line(), d.instanceId(), d.firstLine(), d.firstId()));
    }
    if (withoutStars > 0) {
      sb.append(String.format("kept without star data: %d%n", withoutStars));
    }
    if (!unknownKeys.isEmpty()) {
      sb.append("unknown keys (ignored):\n");
      unknownKeys.forEach(
          (k, u) ->
              sb.append(
                  String.format(
                      "  '%s' first on line %d, in %d rows%n", k, u.firstLine(), u.rows())));
    }
    if (!rejections.isEmpty()) {
      sb.append("rejected lines:\n");
      rejections.forEach(r -> sb.append("  ").append(r).append('\n'));
    }
    return sb.toString();
  }
}
