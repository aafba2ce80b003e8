package dev.arbor.tasks.tools.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses unified diffs ({@code diff -u}, {@code git diff}) into {@link FilePatch}es.
 *
 * <p>What is read: {@code diff --git} headers with their extended lines ({@code new file mode},
 * {@code deleted file mode}, {@code rename from/to}), {@code --- / +++} file headers (a tab and
 * timestamp after the name are ignored, C-quoted names are unquoted, {@code /dev/null} means no
 * file), {@code a/} and {@code b/} prefixes stripped, hunks {@code @@ -l,s +l,s @@}, and {@code \
 * No newline at end of file}. Text before the first header (a commit message) and between file
 * sections is ignored. Binary patches are refused.
 *
 * <p>Lines are split on {@code \n} only, so a {@code \r} before it is part of the line's text and
 * must match the file exactly: CRLF files are patched verbatim. The line counts in {@code @@}
 * headers are not trusted (models miscount them): a hunk runs over consecutive lines that start
 * with space, {@code -} or {@code +} (an empty line inside a hunk is an empty context line), like
 * {@code git apply --recount}. The start lines are kept as hints for where to apply.
 */
public final class UnifiedDiff {
  private static final Pattern HUNK =
      Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@.*$", Pattern.DOTALL);

  private UnifiedDiff() {}

  /** One line of a hunk: {@code ' '} context, {@code '-'} removed, {@code '+'} added. */
  public record Line(char kind, String text, boolean noNewline) {}

  /** One hunk; {@code oldStart} and {@code newStart} are 1-based as in the header. */
  public record Hunk(int oldStart, int newStart, List<Line> lines, String header) {
    /** Lines of the file before: context and removed. */
    public List<Line> oldImage() {
      return lines.stream().filter(l -> l.kind() != '+').toList();
    }

    /** Lines of the file after: context and added. */
    public List<Line> newImage() {
      return lines.stream().filter(l -> l.kind() != '-').toList();
    }
  }

  /**
   * Changes to one file. {@code oldPath} is null for a new file, {@code newPath} null for a deleted
   * one; they differ for a rename.
   */
  public record FilePatch(String oldPath, String newPath, List<Hunk> hunks) {
    /** The path to name in messages. */
    public String displayPath() {
      return newPath != null ? newPath : oldPath;
    }
  }

  /**
   * The file patches of {@code text}, in order. {@code text} holds bytes as ISO-8859-1 characters
   * (see {@link PatchApplier}), so paths and lines come out the same way.
   */
  public static List<FilePatch> parse(String text) throws PatchException {
    String[] lines = text.split("\n", -1);
    int n = lines.length;
    if (n > 0 && lines[n - 1].isEmpty()) {
      n--; // the text ended with a newline
    }
    List<FilePatch> out = new ArrayList<>();
    int i = 0;
    while (i < n) {
      String line = lines[i];
      if (line.startsWith("diff --git ")) {
        i = gitSection(lines, n, i, out);
      } else if (line.startsWith("--- ") && i + 1 < n && lines[i + 1].startsWith("+++ ")) {
        String oldPath = path(lines[i].substring(4), "a/");
        String newPath = path(lines[i + 1].substring(4), "b/");
        List<Hunk> hunks = new ArrayList<>();
        i = hunks(lines, n, i + 2, hunks, newPath != null ? newPath : oldPath);
        add(out, oldPath, newPath, hunks);
      } else if (line.startsWith("GIT binary patch") || line.startsWith("Binary files ")) {
        throw new PatchException("binary patches are not supported (line " + (i + 1) + ")");
      } else if (HUNK.matcher(line).matches()) {
        throw new PatchException(
            "line "
                + (i + 1)
                + ": hunk '"
                + line
                + "' comes before any '--- a/FILE' / '+++ b/FILE'"
                + " header; every file's hunks need that header first");
      } else {
        i++;
      }
    }
    if (out.isEmpty()) {
      throw new PatchException(
          "no file changes found: expected a unified diff with '--- a/FILE', '+++ b/FILE' and"
              + " '@@ -l,s +l,s @@' hunks");
    }
    return List.copyOf(out);
  }

  private static int gitSection(String[] lines, int n, int start, List<FilePatch> out)
      throws PatchException {
    String[] ab = gitHeaderPaths(lines[start]);
    String oldPath = ab[0];
    String newPath = ab[1];
    boolean created = false;
    boolean deleted = false;
    int i = start + 1;
    for (; i < n; i++) {
      String l = lines[i];
      if (l.startsWith("new file mode")) {
        created = true;
      } else if (l.startsWith("deleted file mode")) {
        deleted = true;
      } else if (l.startsWith("rename from ")) {
        oldPath = unquote(l.substring(12));
      } else if (l.startsWith("rename to ")) {
        newPath = unquote(l.substring(10));
      } else if (l.startsWith("GIT binary patch") || l.startsWith("Binary files ")) {
        throw new PatchException(
            "binary patch for '" + newPath + "' is not supported (line " + (i + 1) + ")");
      } else if (l.startsWith("--- ") && i + 1 < n && lines[i + 1].startsWith("+++ ")) {
        oldPath = path(l.substring(4), "a/");
        newPath = path(lines[i + 1].substring(4), "b/");
        i += 2;
        break;
      } else if (l.startsWith("diff --git ") || HUNK.matcher(l).matches()) {
        break;
      }
    }
    if (created) {
      oldPath = null;
    }
    if (deleted) {
      newPath = null;
    }
    List<Hunk> hunks = new ArrayList<>();
    String name = newPath != null ? newPath : oldPath;
    i = hunks(lines, n, i, hunks, name);
    add(out, oldPath, newPath, hunks);
    return i;
  }

  private static void add(List<FilePatch> out, String oldPath, String newPath, List<Hunk> hunks)
      throws PatchException {
    if (oldPath == null && newPath == null) {
      throw new PatchException("a file section has /dev/null as both old and new file");
    }
    out.add(new FilePatch(oldPath, newPath, List.copyOf(hunks)));
  }

  /** Reads the hunks starting at {@code i}; returns the index after them. */
  private static int hunks(String[] lines, int n, int i, List<Hunk> out, String file)
      throws PatchException {
    while (i < n) {
      Matcher m = HUNK.matcher(lines[i]);
      if (!m.matches()) {
        if (lines[i].startsWith("@@")) {
          throw new PatchException(
              String.format(
                  "line %d: malformed hunk header '%s' in %s; expected '@@ -OLD_START,OLD_COUNT"
                      + " +NEW_START,NEW_COUNT @@'",
                  i + 1, lines[i], file));
        }
        return i;
      }
      String header = lines[i];
      int oldStart = Integer.parseInt(m.group(1));
      int newStart = Integer.parseInt(m.group(3));
      int oldCount = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
      int newCount = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
      List<Line> body = new ArrayList<>();
      int end = byCounts(lines, n, i + 1, oldCount, newCount, body);
      if (end < 0) {
        body.clear();
        end = byShape(lines, n, i + 1, body);
      }
      i = end;
      if (body.isEmpty()) {
        throw new PatchException("hunk '" + header + "' of " + file + " has no lines");
      }
      out.add(new Hunk(oldStart, newStart, List.copyOf(body), header));
    }
    return i;
  }

  /**
   * Reads a hunk body by the header's counts; -1 if the lines do not fit them (then the counts are
   * wrong and {@link #byShape} reads the hunk instead). With right counts this also reads a removed
   * line {@code "-- x"} followed by an added {@code "++ y"}, which look like a file header.
   */
  private static int byCounts(
      String[] lines, int n, int i, int oldCount, int newCount, List<Line> body) {
    int olds = 0;
    int news = 0;
    while (olds < oldCount || news < newCount) {
      if (i >= n) {
        return -1;
      }
      String l = lines[i];
      char k = l.isEmpty() ? ' ' : l.charAt(0);
      if (k == '\\' && !body.isEmpty()) {
        markNoNewline(body);
        i++;
        continue;
      }
      if (k != ' ' && k != '-' && k != '+') {
        return -1;
      }
      olds += k != '+' ? 1 : 0;
      news += k != '-' ? 1 : 0;
      if (olds > oldCount || news > newCount) {
        return -1;
      }
      body.add(new Line(k, l.isEmpty() ? "" : l.substring(1), false));
      i++;
    }
    if (i < n && lines[i].startsWith("\\")) {
      markNoNewline(body);
      i++;
    }
    if (i < n) {
      String next = lines[i];
      boolean header =
          next.startsWith("@@")
              || next.startsWith("diff ")
              || (next.startsWith("--- ") && i + 1 < n && lines[i + 1].startsWith("+++ "));
      if (!header && (next.startsWith(" ") || next.startsWith("-") || next.startsWith("+"))) {
        return -1; // more hunk lines than the header says
      }
    }
    return i;
  }

  /** Reads a hunk body by the shape of its lines; the index after it. */
  private static int byShape(String[] lines, int n, int i, List<Line> body) throws PatchException {
    while (i < n) {
      String l = lines[i];
      if (l.startsWith("\\")) {
        if (body.isEmpty()) {
          throw new PatchException("line " + (i + 1) + ": '\\' marker with no line before it");
        }
        markNoNewline(body);
        i++;
      } else if (l.startsWith("--- ") && i + 1 < n && lines[i + 1].startsWith("+++ ")) {
        break; // next file
      } else if (l.startsWith(" ") || l.startsWith("-") || l.startsWith("+")) {
        body.add(new Line(l.charAt(0), l.substring(1), false));
        i++;
      } else if (l.isEmpty() && continuesHunk(lines, n, i)) {
        body.add(new Line(' ', "", false));
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  private static void markNoNewline(List<Line> body) {
    Line last = body.remove(body.size() - 1);
    body.add(new Line(last.kind(), last.text(), true));
  }

  /** An empty line is a context line if more hunk lines follow it. */
  private static boolean continuesHunk(String[] lines, int n, int i) {
    for (int j = i + 1; j < n; j++) {
      String l = lines[j];
      if (l.isEmpty()) {
        continue;
      }
      if (l.startsWith("--- ") && j + 1 < n && lines[j + 1].startsWith("+++ ")) {
        return false;
      }
      return l.startsWith(" ") || l.startsWith("-") || l.startsWith("+") || l.startsWith("\\");
    }
    return false;
  }

  private static String[] gitHeaderPaths(String header) {
    String rest = header.substring("diff --git ".length());
    if (rest.startsWith("\"")) {
      int end = closingQuote(rest);
      String a = unquote(rest.substring(0, end + 1));
      return new String[] {strip(a, "a/"), strip(unquote(rest.substring(end + 1).strip()), "b/")};
    }
    int sep = rest.indexOf(" b/");
    if (sep < 0) {
      sep = rest.lastIndexOf(' ');
    }
    if (sep < 0) {
      return new String[] {rest, rest};
    }
    return new String[] {strip(rest.substring(0, sep), "a/"), strip(rest.substring(sep + 1), "b/")};
  }

  /** A path from a --- / +++ line: tab and timestamp dropped, unquoted, prefix stripped. */
  private static String path(String raw, String prefix) {
    String p = raw;
    int tab = p.indexOf('\t');
    if (tab >= 0) {
      p = p.substring(0, tab);
    }
    p = unquote(p.strip());
    if (p.equals("/dev/null")) {
      return null;
    }
    return strip(p, prefix);
  }

  private static String strip(String p, String prefix) {
    return p.startsWith(prefix) ? p.substring(prefix.length()) : p;
  }

  private static int closingQuote(String s) {
    for (int i = 1; i < s.length(); i++) {
      if (s.charAt(i) == '\\') {
        i++;
      } else if (s.charAt(i) == '"') {
        return i;
      }
    }
    return s.length() - 1;
  }

  /**
   * Undoes git's C-style quoting of names with special characters (octal escapes are UTF-8 bytes).
   * Like all text here, input and output are bytes as ISO-8859-1 characters.
   */
  static String unquote(String s) {
    if (s.length() < 2 || !s.startsWith("\"") || !s.endsWith("\"")) {
      return s;
    }
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    for (int i = 1; i < s.length() - 1; i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length() - 1) {
        b.write(c); // the text is bytes as ISO-8859-1 (see PatchApplier)
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'n' -> b.write('\n');
        case 't' -> b.write('\t');
        case 'r' -> b.write('\r');
        case '"' -> b.write('"');
        case '\\' -> b.write('\\');
        case 'a' -> b.write(7);
        case 'b' -> b.write('\b');
        case 'f' -> b.write('\f');
        case 'v' -> b.write(11);
        default -> {
          if (e >= '0' && e <= '7' && i + 2 < s.length() - 1) {
            b.write(Integer.parseInt(s.substring(i, i + 3), 8));
            i += 2;
          } else {
            b.write(e);
          }
        }
      }
    }
    return b.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
