package dev.arbor.tasks.verify;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How per-test results are read from a test log ({@code TaskSpec.test_log_format}). Each format
 * maps test ids to {@link TestStatus}; a test reported more than once keeps its worst status.
 *
 * <ul>
 *   <li>{@code unittest}: {@code python3 -m unittest -v}. Ids are dotted, {@code
 *       tests.test_roman.TestToRoman.test_four}. Read from the progress lines {@code name (id) ...
 *       ok|FAIL|ERROR|skipped ...} (Python 3.11+ prints the full id in parentheses, older versions
 *       the class only; both are handled) and from the {@code FAIL: name (id)} / {@code ERROR:}
 *       headers of the failure report, so a failure is seen even when test output garbled the
 *       progress line.
 *   <li>{@code pytest}: {@code pytest -rA}. Ids are node ids, {@code
 *       tests/test_cart.py::test_total}. Read from the short summary lines {@code PASSED id},
 *       {@code FAILED id - message}, {@code ERROR id}, {@code XFAIL id} (failed), {@code XPASS id}
 *       (passed).
 *   <li>{@code tap}: the Test Anything Protocol. {@code ok 1 - id} passes, {@code not ok 2 - id}
 *       fails, a {@code # SKIP} or {@code # TODO} directive makes it skipped.
 * </ul>
 */
public enum TestLogFormat {
  UNITTEST("unittest"),
  PYTEST("pytest"),
  TAP("tap");

  private static final Pattern UNITTEST_LINE =
      Pattern.compile("^(\\w+) \\(([\\w.]+)\\)(?: \\.\\.\\. (.*))?$");
  private static final Pattern UNITTEST_CONTINUATION = Pattern.compile("^.* \\.\\.\\. (.*)$");
  private static final Pattern UNITTEST_HEADER =
      Pattern.compile("^(FAIL|ERROR): (\\w+) \\(([\\w.]+)\\)");
  private static final Pattern PYTEST_LINE =
      Pattern.compile("^(PASSED|FAILED|ERROR|XFAIL|XPASS) (\\S.*?)(?: - .*)?$");
  private static final Pattern TAP_LINE =
      Pattern.compile("^(not ok|ok)\\b\\s*(?:\\d+)?\\s*(?:-\\s*)?(.*?)\\s*(?:#\\s*(\\w+).*)?$");

  private final String label;

  TestLogFormat(String label) {
    this.label = label;
  }

  /** The name used in {@code TaskSpec.test_log_format}. */
  public String label() {
    return label;
  }

  /** The format named {@code label}; empty for "" (no per-test results). */
  public static Optional<TestLogFormat> forLabel(String label) {
    if (label.isEmpty()) {
      return Optional.empty();
    }
    for (TestLogFormat f : values()) {
      if (f.label.equals(label)) {
        return Optional.of(f);
      }
    }
    throw new IllegalArgumentException(
        "unknown test_log_format '" + label + "': expected unittest, pytest or tap (or empty)");
  }

  /** The tests reported in {@code log}, in the order first seen. */
  public Map<String, TestStatus> parse(String log) {
    Map<String, TestStatus> out = new LinkedHashMap<>();
    String[] lines = log.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      switch (this) {
        case UNITTEST -> unittest(lines, i, out);
        case PYTEST -> pytest(lines[i], out);
        case TAP -> tap(lines[i], out);
      }
    }
    return out;
  }

  private static void unittest(String[] lines, int i, Map<String, TestStatus> out) {
    Matcher h = UNITTEST_HEADER.matcher(lines[i]);
    if (h.find()) {
      put(out, unittestId(h.group(2), h.group(3)), TestStatus.FAILED);
      return;
    }
    Matcher m = UNITTEST_LINE.matcher(lines[i]);
    if (!m.matches()) {
      return;
    }
    String verdict = m.group(3);
    if (verdict == null && i + 1 < lines.length) {
      // With a docstring, the description and the verdict are on the next line.
      Matcher c = UNITTEST_CONTINUATION.matcher(lines[i + 1]);
      verdict = c.matches() ? c.group(1) : null;
    }
    if (verdict == null) {
      return;
    }
    String v = verdict.trim().toLowerCase(Locale.ROOT);
    TestStatus s =
        v.equals("ok") || v.equals("unexpected success")
            ? TestStatus.PASSED
            : v.startsWith("skipped") ? TestStatus.SKIPPED : TestStatus.FAILED;
    put(out, unittestId(m.group(1), m.group(2)), s);
  }

  private static String unittestId(String method, String inParens) {
    return inParens.endsWith("." + method) ? inParens : inParens + "." + method;
  }

  private static void pytest(String line, Map<String, TestStatus> out) {
    Matcher m = PYTEST_LINE.matcher(line);
    if (m.matches()) {
      TestStatus s =
          switch (m.group(1)) {
            case "PASSED", "XPASS" -> TestStatus.PASSED;
            default -> TestStatus.FAILED;
          };
      put(out, m.group(2).trim(), s);
    }
  }

  private static void tap(String line, Map<String, TestStatus> out) {
    Matcher m = TAP_LINE.matcher(line.strip());
    if (!m.matches() || m.group(2).isEmpty()) {
      return;
    }
    String directive = m.group(3) == null ? "" : m.group(3).toUpperCase(Locale.ROOT);
    TestStatus s =
        directive.startsWith("SKIP") || directive.startsWith("TODO")
            ? TestStatus.SKIPPED
            : m.group(1).equals("ok") ? TestStatus.PASSED : TestStatus.FAILED;
    put(out, m.group(2), s);
  }

  private static void put(Map<String, TestStatus> out, String id, TestStatus s) {
    out.merge(id, s, TestStatus::worse);
  }
}
