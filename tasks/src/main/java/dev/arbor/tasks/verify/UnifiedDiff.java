package dev.arbor.tasks.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed unified diff ({@code diff -u}, {@code git diff}): per file, the lines it removes and
 * adds in order. Enough to check that a patch is a well-formed diff, to list the files it touches
 * and to compare the edits of two patches; applying patches is left to {@code patch -p1} / the
 * sandbox.
 *
 * <p>Hunks are read by their line counts, so a removed line that itself starts with {@code "--- "}
 * is not mistaken for a file header. Paths lose their {@code a/} / {@code b/} prefixes and any tab-
 * separated timestamp; {@code /dev/null} (a created or deleted file) becomes the empty string. A
 * {@code '\r'} at the end of a line is kept in {@link Line#text()}: CRLF files stay CRLF.
 *
 * @param files the files in the order the diff lists them
 */
public record UnifiedDiff(List<FileDiff> files) {
  private static final Pattern HUNK =
      Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@.*$");

  public UnifiedDiff {
    files = List.copyOf(files);
  }

  /**
   * One file's changes.
   *
   * @param oldPath path before ("" for a created file)
   * @param newPath path after ("" for a deleted file)
   * @param changes removed ({@code '-'}) and added ({@code '+'}) lines, in diff order
   */
  public record FileDiff(String oldPath, String newPath, List<Line> changes) {
    public FileDiff {
      changes = List.copyOf(changes);
    }

    /** The path the file has after the patch, or before it for a deleted file. */
    public String path() {
      return newPath.isEmpty() ? oldPath : newPath;
    }
  }

  /**
   * A changed line.
   *
   * @param sign {@code '-'} removed or {@code '+'} added
   * @param text the line without its sign and without the {@code '\n'}
   */
  public record Line(char sign, String text) {}

  /** The paths the diff touches, in order. */
  public List<String> paths() {
    return files.stream().map(FileDiff::path).toList();
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the 1-based line of the problem, e.g. {@code line 7:
   *     hunk says 3 old lines but the diff ends after 1}
   */
  public static UnifiedDiff parse(String text) {
    String[] lines = text.split("\n", -1);
    List<FileDiff> files = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      if (!lines[i].startsWith("--- ")) {
        i++; // "diff --git", "index", mode lines, free text before the first file
        continue;
      }
      int headerLine = i + 1;
      String oldPath = path(lines[i].substring(4));
      i++;
      if (i >= lines.length || !lines[i].startsWith("+++ ")) {
        throw new IllegalArgumentException(
            "line " + (headerLine + 1) + ": expected '+++ <path>' after '--- <path>'");
      }
      String newPath = path(lines[i].substring(4));
      i++;
      List<Line> changes = new ArrayList<>();
      int hunks = 0;
      while (i < lines.length && lines[i].startsWith("@@")) {
        i = hunk(lines, i, changes);
        hunks++;
      }
      if (hunks == 0) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + ": expected a hunk header '@@ -a,b +c,d @@' for " + newPath);
      }
      files.add(new FileDiff(oldPath, newPath, changes));
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "not a unified diff: no '--- <path>' / '+++ <path>' header");
    }
    return new UnifiedDiff(files);
  }

  /** Reads one hunk starting at its header; returns the index after it. */
  private static int hunk(String[] lines, int i, List<Line> changes) {
    Matcher m = HUNK.matcher(stripCr(lines[i]));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "line " + (i + 1) + ": bad hunk header '" + lines[i] + "'");
    }
    int oldLeft = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
    int newLeft = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
    int header = i + 1;
    i++;
    while (oldLeft > 0 || newLeft > 0) {
      if (i >= lines.length) {
        throw new IllegalArgumentException(
            String.format(
                "line %d: hunk still expects %d old and %d new lines but the diff ends",
                header, oldLeft, newLeft));
      }
      String l = lines[i];
      char c = l.isEmpty() || l.equals("\r") ? ' ' : l.charAt(0);
      switch (c) {
        case ' ' -> {
          oldLeft--;
          newLeft--;
        }
        case '-' -> {
          oldLeft--;
          changes.add(new Line('-', l.substring(1)));
        }
        case '+' -> {
          newLeft--;
          changes.add(new Line('+', l.substring(1)));
        }
        case '\\' -> {} // "\ No newline at end of file"
        default ->
            throw new IllegalArgumentException(
                "line " + (i + 1) + ": unexpected line in hunk (starts with '" + c + "')");
      }
      if (oldLeft < 0 || newLeft < 0) {
        throw new IllegalArgumentException(
            "line "
                + (i + 1)
                + ": hunk has more lines than its header at line "
                + header
                + " says");
      }
      i++;
    }
    while (i < lines.length && lines[i].startsWith("\\")) {
      i++;
    }
    return i;
  }

  private static String path(String raw) {
    String p = stripCr(raw);
    int tab = p.indexOf('\t');
    if (tab >= 0) {
      p = p.substring(0, tab);
    }
    p = p.strip();
    if (p.equals("/dev/null")) {
      return "";
    }
    if (p.startsWith("a/") || p.startsWith("b/")) {
      p = p.substring(2);
    }
    return p;
  }

  private static String stripCr(String s) {
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }
}
