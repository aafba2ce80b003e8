package dev.arbor.tasks.env.verify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The unittest / Django parser of {@link TestLogParser#unittest()}. */
final class UnittestLogParser implements TestLogParser {
  static final UnittestLogParser INSTANCE = new UnittestLogParser();

  /** A test's line: name, dotted path, and the rest of the line. */
  private static final Pattern START = Pattern.compile("^(\\w+) \\(([\\w.]+)\\)(.*)$");

  /** A status ending a line, after " ... " (the test's own line or a docstring line). */
  private static final Pattern TRAILING_STATUS =
      Pattern.compile(
          "^.*\\.\\.\\. ?(ok|FAIL|ERROR|skipped.*|expected failure|unexpected success)$");

  /** A status alone on a line: printed after the test's own output. */
  private static final Pattern LONE_STATUS =
      Pattern.compile("^(ok|FAIL|ERROR|skipped.*|expected failure|unexpected success)$");

  private static final Pattern HEADER = Pattern.compile("^(FAIL|ERROR): (\\w+) \\(([\\w.]+)\\)");

  private UnittestLogParser() {}

  @Override
  public Map<String, TestStatus> parse(String log) {
    Map<String, TestStatus> out = new LinkedHashMap<>();
    String current = null;
    for (String raw : TestLogParser.plain(log).split("\n")) {
      String line = raw.strip();
      Matcher h = HEADER.matcher(line);
      if (h.find()) {
        TestStatus st = h.group(1).equals("FAIL") ? TestStatus.FAILED : TestStatus.ERROR;
        out.merge(TestIds.canonical(h.group(2) + " (" + h.group(3) + ")"), st, TestStatus::worse);
        current = null;
        continue;
      }
      Matcher start = START.matcher(line);
      String tail = line;
      if (start.matches()) {
        current = TestIds.canonical(start.group(1) + " (" + start.group(2) + ")");
        tail = start.group(3);
      }
      if (current == null) {
        continue;
      }
      Matcher st = TRAILING_STATUS.matcher(tail);
      if (!st.matches() && tail == line) {
        st = LONE_STATUS.matcher(line);
      }
      if (st.matches()) {
        out.merge(current, status(st.group(1)), TestStatus::worse);
        current = null;
      }
    }
    return out;
  }

  private static TestStatus status(String s) {
    if (s.startsWith("skipped")) {
      return TestStatus.SKIPPED;
    }
    return switch (s) {
      case "ok" -> TestStatus.PASSED;
      case "FAIL" -> TestStatus.FAILED;
      case "ERROR" -> TestStatus.ERROR;
      case "expected failure" -> TestStatus.XFAIL;
      default -> TestStatus.XPASS;
    };
  }
}
