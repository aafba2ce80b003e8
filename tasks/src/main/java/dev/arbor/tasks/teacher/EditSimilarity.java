package dev.arbor.tasks.teacher;

import dev.arbor.tasks.tools.patch.PatchException;
import dev.arbor.tasks.tools.patch.UnifiedDiff;
import dev.arbor.tasks.tools.patch.UnifiedDiff.FilePatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Line-level similarity of two patches' edits, in [0, 1].
 *
 * <p>Each patch becomes the sequence of its changed lines, files in path order and lines in diff
 * order, each line keyed as {@code path, sign, text} (trailing white space, CR included, dropped).
 * With a and b those sequences:
 *
 * <pre>
 *   sim(a, b) = 2 * LCS(a, b) / (|a| + |b|)      (1 when both are empty)
 * </pre>
 *
 * the ratio of Python's {@code difflib.SequenceMatcher} on lines, which SWE-RL (Wei et al. 2025,
 * arXiv:2502.18449) uses as a patch-similarity reward. Identical edits score 1, disjoint ones 0;
 * context lines and hunk positions do not count. Above {@value #MAX_LCS_CELLS} LCS cells the
 * sequences are compared as multisets instead (the same formula with the multiset intersection), an
 * upper bound of the LCS version.
 */
public final class EditSimilarity {
  /** Largest |a| x |b| compared with the exact LCS. */
  public static final long MAX_LCS_CELLS = 25_000_000L;

  private EditSimilarity() {}

  /** Similarity of two parsed patches. */
  public static double of(List<FilePatch> a, List<FilePatch> b) {
    return ofLines(changedLines(a), changedLines(b));
  }

  /**
   * Similarity of two patch texts.
   *
   * @throws IllegalArgumentException if either is not a unified diff
   */
  public static double of(String a, String b) {
    return of(parseOrEmpty(a), parseOrEmpty(b));
  }

  static List<FilePatch> parseOrEmpty(String patch) {
    if (patch.isBlank()) {
      return List.of();
    }
    try {
      return UnifiedDiff.parse(patch);
    } catch (PatchException e) {
      throw new IllegalArgumentException("not a unified diff: " + e.getMessage(), e);
    }
  }

  /** The keyed changed lines of a patch, files sorted by path. */
  static List<String> changedLines(List<FilePatch> d) {
    List<FilePatch> files = new ArrayList<>(d);
    files.sort(Comparator.comparing(FilePatch::displayPath));
    List<String> out = new ArrayList<>();
    for (FilePatch f : files) {
      for (UnifiedDiff.Hunk h : f.hunks()) {
        for (UnifiedDiff.Line l : h.lines()) {
          if (l.kind() != ' ') {
            out.add(f.displayPath() + '\0' + l.kind() + l.text().stripTrailing());
          }
        }
      }
    }
    return out;
  }

  static double ofLines(List<String> a, List<String> b) {
    if (a.isEmpty() && b.isEmpty()) {
      return 1.0;
    }
    long common = (long) a.size() * b.size() <= MAX_LCS_CELLS ? lcs(a, b) : multisetOverlap(a, b);
    return 2.0 * common / (a.size() + b.size());
  }

  /** Length of the longest common subsequence, in O(|a| |b|) time and O(|b|) memory. */
  static int lcs(List<String> a, List<String> b) {
    int[] prev = new int[b.size() + 1];
    int[] cur = new int[b.size() + 1];
    for (String x : a) {
      for (int j = 1; j <= b.size(); j++) {
        cur[j] = x.equals(b.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.size()];
  }

  private static long multisetOverlap(List<String> a, List<String> b) {
    Map<String, Integer> counts = new HashMap<>();
    a.forEach(x -> counts.merge(x, 1, Integer::sum));
    long common = 0;
    for (String y : b) {
      Integer c = counts.get(y);
      if (c != null && c > 0) {
        common++;
        counts.put(y, c - 1);
      }
    }
    return common;
  }
}
