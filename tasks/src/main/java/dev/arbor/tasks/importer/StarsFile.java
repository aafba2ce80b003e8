package dev.arbor.tasks.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Star counts by repository, from a CSV or TSV file with the columns {@code repo, stars}:
 *
 * <pre>
 * repo,stars                 (optional header: a first row without '/' and a number)
 * django/django,81234
 * https://github.com/psf/requests.git,52000
 * # comment lines and blank lines are skipped
 * </pre>
 *
 * A line with a tab is split on tabs, otherwise on commas; extra columns are ignored. Repositories
 * match case-insensitively (GitHub names do), and {@code https://github.com/} prefixes and {@code
 * .git} suffixes are dropped. A malformed line or two different counts for one repository fail the
 * whole file, naming file and line: a silently skipped line would change what the filter keeps.
 */
public final class StarsFile {
  private final Map<String, Integer> stars;

  private StarsFile(Map<String, Integer> stars) {
    this.stars = Map.copyOf(stars);
  }

  /** Reads {@code file}. */
  public static StarsFile read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, Integer> stars = new HashMap<>();
    Map<String, Integer> lineOf = new HashMap<>();
    boolean first = true;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split(line.indexOf('\t') >= 0 ? "\t" : ",", -1);
      String where = file + ":" + (i + 1) + ": ";
      if (cols.length < 2) {
        throw new IOException(where + "expected 'repo,stars' (CSV) or 'repo<TAB>stars' (TSV)");
      }
      String count = unquote(cols[1]);
      boolean header = first && !count.matches("\\d+") && !cols[0].contains("/");
      first = false;
      if (header) {
        continue;
      }
      String repo = normalize(unquote(cols[0]));
      if (!count.matches("\\d{1,10}") || Long.parseLong(count) > Integer.MAX_VALUE) {
        throw new IOException(where + "stars must be a non-negative integer, got '" + count + "'");
      }
      if (repo.isEmpty()) {
        throw new IOException(where + "empty repo");
      }
      int n = Integer.parseInt(count);
      Integer before = stars.putIfAbsent(repo, n);
      if (before != null && before != n) {
        throw new IOException(
            where
                + repo
                + " has "
                + n
                + " stars here but "
                + before
                + " on line "
                + lineOf.get(repo));
      }
      lineOf.putIfAbsent(repo, i + 1);
    }
    return new StarsFile(stars);
  }

  /** Stars of {@code repo} ("owner/name"), if listed. */
  public OptionalInt stars(String repo) {
    Integer n = stars.get(normalize(repo));
    return n == null ? OptionalInt.empty() : OptionalInt.of(n);
  }

  /** Number of repositories listed. */
  public int size() {
    return stars.size();
  }

  static String normalize(String repo) {
    String r = repo.strip().toLowerCase(Locale.ROOT);
    for (String prefix :
        new String[] {"https://github.com/", "http://github.com/", "github.com/"}) {
      if (r.startsWith(prefix)) {
        r = r.substring(prefix.length());
      }
    }
    if (r.endsWith(".git")) {
      r = r.substring(0, r.length() - 4);
    }
    while (r.endsWith("/")) {
      r = r.substring(0, r.length() - 1);
    }
    return r;
  }

  private static String unquote(String s) {
    String t = s.strip();
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")
        ? t.substring(1, t.length() - 1)
        : t;
  }
}
