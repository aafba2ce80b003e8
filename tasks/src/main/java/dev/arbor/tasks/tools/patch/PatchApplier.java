package dev.arbor.tasks.tools.patch;

import dev.arbor.tasks.sandbox.Workspace;
import dev.arbor.tasks.sandbox.Workspace.EntryType;
import dev.arbor.tasks.tools.patch.UnifiedDiff.FilePatch;
import dev.arbor.tasks.tools.patch.UnifiedDiff.Hunk;
import dev.arbor.tasks.tools.patch.UnifiedDiff.Line;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a unified diff to a {@link Workspace}, all or nothing: every file patch is applied in
 * memory first, and files are written only when all of them applied.
 *
 * <p>Matching is exact, without fuzz: a hunk applies where its context and removed lines equal the
 * file's lines byte for byte (including {@code \r} of CRLF files and a missing final newline). The
 * start line in the hunk header is a hint: the match nearest to it is taken, searching both ways,
 * after the end of the previous hunk (as {@code git apply} does). Text is handled as bytes
 * (ISO-8859-1 on both sides), so files in any encoding are patched without change to other bytes.
 * New files must not exist; deleted files must exist and match; a rename writes the new path and
 * deletes the old one. File modes in git headers are not applied.
 */
public final class PatchApplier {

  private PatchApplier() {}

  /** What a patch changed. */
  public record Summary(List<String> modified, List<String> created, List<String> deleted) {
    @Override
    public String toString() {
      List<String> parts = new ArrayList<>();
      if (!modified.isEmpty()) {
        parts.add("modified " + String.join(", ", modified));
      }
      if (!created.isEmpty()) {
        parts.add("created " + String.join(", ", created));
      }
      if (!deleted.isEmpty()) {
        parts.add("deleted " + String.join(", ", deleted));
      }
      return String.join("; ", parts);
    }
  }

  /** Paths a patch touches (old and new names), without applying it. */
  public static List<String> paths(String patch) throws PatchException {
    List<String> out = new ArrayList<>();
    for (FilePatch fp : UnifiedDiff.parse(latin1(patch))) {
      for (String p : new String[] {fp.oldPath(), fp.newPath()}) {
        if (p != null && !out.contains(utf8(p))) {
          out.add(utf8(p));
        }
      }
    }
    return out;
  }

  /**
   * Applies {@code patch}.
   *
   * @throws PatchException when it does not parse or does not apply; nothing was written then
   * @throws IOException when the workspace refuses a path (outside the working copy) or fails
   */
  public static Summary apply(String patch, Workspace ws) throws PatchException, IOException {
    List<FilePatch> files = UnifiedDiff.parse(latin1(patch));
    // Staged state by path: empty Optional = deleted.
    Map<String, Optional<String>> staged = new LinkedHashMap<>();
    List<String> modified = new ArrayList<>();
    List<String> created = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    for (FilePatch fp : files) {
      String oldPath = fp.oldPath() == null ? null : utf8(fp.oldPath());
      String newPath = fp.newPath() == null ? null : utf8(fp.newPath());
      String name = newPath != null ? newPath : oldPath;
      Optional<String> before = Optional.empty();
      if (oldPath != null) {
        before = current(oldPath, ws, staged);
        if (before.isEmpty()) {
          throw new PatchException(
              "cannot patch '"
                  + oldPath
                  + "': no such file in the working copy"
                  + (newPath == null ? "" : " (to create it, use --- /dev/null)"));
        }
      }
      if (newPath != null && !newPath.equals(oldPath) && current(newPath, ws, staged).isPresent()) {
        throw new PatchException(
            "cannot create '" + newPath + "': it already exists in the working copy");
      }
      String after = applyHunks(before.orElse(""), fp.hunks(), name);
      if (newPath == null) {
        if (!after.isEmpty()) {
          throw new PatchException(
              "deleting '" + oldPath + "': the patch does not remove all of its lines");
        }
        staged.put(oldPath, Optional.empty());
        deleted.add(oldPath);
        continue;
      }
      if (oldPath != null && !oldPath.equals(newPath)) {
        staged.put(oldPath, Optional.empty());
        deleted.add(oldPath);
      }
      staged.put(newPath, Optional.of(after));
      (oldPath == null || !oldPath.equals(newPath) ? created : modified).add(newPath);
    }
    for (Map.Entry<String, Optional<String>> e : staged.entrySet()) {
      if (e.getValue().isPresent()) {
        ws.write(e.getKey(), e.getValue().get().getBytes(StandardCharsets.ISO_8859_1));
      } else if (ws.typeOf(e.getKey()) != EntryType.MISSING) {
        ws.delete(e.getKey());
      }
    }
    return new Summary(List.copyOf(modified), List.copyOf(created), List.copyOf(deleted));
  }

  private static Optional<String> current(
      String path, Workspace ws, Map<String, Optional<String>> staged) throws IOException {
    if (staged.containsKey(path)) {
      return staged.get(path);
    }
    EntryType t = ws.typeOf(path);
    if (t == EntryType.MISSING) {
      return Optional.empty();
    }
    if (t == EntryType.DIRECTORY) {
      throw new IOException("'" + path + "' is a directory, not a file");
    }
    return Optional.of(new String(ws.read(path), StandardCharsets.ISO_8859_1));
  }

  /** The file's text after the hunks, or a PatchException naming the hunk that does not fit. */
  static String applyHunks(String text, List<Hunk> hunks, String file) throws PatchException {
    List<FileLine> lines = split(text);
    List<FileLine> out = new ArrayList<>();
    int pos = 0;
    int number = 0;
    for (Hunk h : hunks) {
      number++;
      List<Line> old = h.oldImage();
      int at = find(lines, old, h.oldStart(), pos);
      if (at < 0) {
        throw new PatchException(mismatch(file, number, hunks.size(), h, lines, old, pos));
      }
      out.addAll(lines.subList(pos, at));
      for (Line l : h.newImage()) {
        out.add(new FileLine(l.text(), !l.noNewline()));
      }
      pos = at + old.size();
    }
    out.addAll(lines.subList(pos, lines.size()));
    StringBuilder b = new StringBuilder(text.length() + 64);
    for (int i = 0; i < out.size(); i++) {
      FileLine l = out.get(i);
      b.append(l.text());
      if (l.newline() || i < out.size() - 1) {
        b.append('\n');
      }
    }
    return b.toString();
  }

  /** Start of the match of {@code old} nearest to the hinted line, at or after {@code from}. */
  private static int find(List<FileLine> lines, List<Line> old, int hintLine, int from) {
    int max = lines.size() - old.size();
    if (max < from) {
      return -1;
    }
    // Header line numbers are 1-based; an insertion-only hunk names the line it goes after.
    int hint = old.isEmpty() ? hintLine : hintLine - 1;
    hint = Math.max(from, Math.min(max, hint));
    for (int d = 0; hint - d >= from || hint + d <= max; d++) {
      if (hint + d <= max && matches(lines, old, hint + d)) {
        return hint + d;
      }
      if (d > 0 && hint - d >= from && matches(lines, old, hint - d)) {
        return hint - d;
      }
    }
    return -1;
  }

  private static boolean matches(List<FileLine> lines, List<Line> old, int at) {
    for (int i = 0; i < old.size(); i++) {
      FileLine f = lines.get(at + i);
      Line l = old.get(i);
      if (!f.text().equals(l.text()) || f.newline() == l.noNewline()) {
        return false;
      }
    }
    return true;
  }

  private static String mismatch(
      String file, int number, int total, Hunk h, List<FileLine> lines, List<Line> old, int from) {
    String where = String.format("hunk %d of %d of '%s' (%s)", number, total, file, h.header());
    int hint = Math.max(from, Math.min(lines.size(), h.oldStart() - 1));
    for (int i = 0; i < old.size(); i++) {
      Line l = old.get(i);
      int at = hint + i;
      if (at >= lines.size()) {
        return String.format(
            "%s does not apply: the file has %d lines, but the hunk expects '%s' at line %d."
                + " No exact match elsewhere either; context and removed lines must equal the"
                + " file's lines exactly",
            where, lines.size(), show(l.text()), at + 1);
      }
      FileLine f = lines.get(at);
      if (!f.text().equals(l.text())) {
        return String.format(
            "%s does not apply: at line %d the hunk expects '%s' but the file has '%s'. No exact"
                + " match elsewhere either; context and removed lines must equal the file's lines"
                + " exactly (read the file again)",
            where, at + 1, show(l.text()), show(f.text()));
      }
    }
    return where
        + " does not apply: its lines match at line "
        + (hint + 1)
        + " except for the newline at end of file (check '\\ No newline at end of file')";
  }

  private static String show(String latin1Line) {
    String s = utf8(latin1Line).replace("\r", "\\r").replace("\t", "\\t");
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }

  private static List<FileLine> split(String text) {
    List<FileLine> out = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      if (nl < 0) {
        out.add(new FileLine(text.substring(start), false));
        break;
      }
      out.add(new FileLine(text.substring(start, nl), true));
      start = nl + 1;
    }
    return out;
  }

  /** The patch's UTF-8 bytes as ISO-8859-1 text, so that it compares with file bytes. */
  private static String latin1(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  private static String utf8(String latin1) {
    return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }

  private record FileLine(String text, boolean newline) {}
}
