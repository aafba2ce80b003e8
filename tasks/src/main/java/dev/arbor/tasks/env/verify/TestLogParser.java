package dev.arbor.tasks.env.verify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads per-test outcomes from a test runner's log (SWE-bench harnesses call these log parsers).
 * Keys are test ids in {@link TestIds#canonical} form.
 */
public interface TestLogParser {

  /** Test id to outcome; tests the log does not mention are absent. */
  Map<String, TestStatus> parse(String log);

  /**
   * pytest with {@code -rA} (summary lines {@code PASSED tests/t.py::test_a}, {@code FAILED ... -
   * message}) and/or {@code -v} (lines {@code tests/t.py::test_a PASSED [ 50%]}), also with xdist's
   * {@code [gw0]} prefixes. Colour codes are ignored.
   */
  static TestLogParser pytest() {
    return PytestLogParser.INSTANCE;
  }

  /**
   * {@code python -m unittest -v} and Django's test runner: {@code test_a (pkg.mod.Class.test_a)
   * ... ok} (or {@code (pkg.mod.Class)} before Python 3.11), statuses {@code ok}, {@code FAIL},
   * {@code ERROR}, {@code skipped ...}, {@code expected failure}, {@code unexpected success}, also
   * when test output or a docstring splits the line; plus {@code FAIL: name (path)} headers.
   */
  static TestLogParser unittest() {
    return UnittestLogParser.INSTANCE;
  }

  /** Both of the above (their line shapes do not overlap); the default. */
  static TestLogParser auto() {
    return log -> {
      Map<String, TestStatus> out = new LinkedHashMap<>(pytest().parse(log));
      unittest().parse(log).forEach((k, v) -> out.merge(k, v, TestStatus::worse));
      return out;
    };
  }

  /** By name: {@code pytest}, {@code unittest} or {@code auto}. */
  static TestLogParser named(String name) {
    return switch (name) {
      case "pytest" -> pytest();
      case "unittest", "django" -> unittest();
      case "auto", "" -> auto();
      default ->
          throw new IllegalArgumentException(
              "unknown test log parser '"
                  + name
                  + "'; known: "
                  + List.of("pytest", "unittest", "auto"));
    };
  }

  /** Removes ANSI colour sequences. */
  static String plain(String log) {
    return log.replaceAll("\u001B\\[[0-9;]*m", "");
  }

  /** pytest's parser. */
  final class PytestLogParser implements TestLogParser {
    static final PytestLogParser INSTANCE = new PytestLogParser();
    private static final String STATUS = "(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)";
    private static final Pattern SUMMARY =
        Pattern.compile(
            "^(?:\\[gw\\d+\\] (?:\\[\\s*\\d+%\\] )?)?" + STATUS + " (\\S.*?::\\S.*?)(?: - .*)?$");
    private static final Pattern VERBOSE =
        Pattern.compile("^(\\S.*?::\\S.*?) " + STATUS + "(?:\\s+\\[\\s*\\d+%\\])?\\s*$");

    @Override
    public Map<String, TestStatus> parse(String log) {
      Map<String, TestStatus> out = new LinkedHashMap<>();
      for (String raw : plain(log).split("\n")) {
        String line = raw.strip();
        Matcher s = SUMMARY.matcher(line);
        if (s.matches()) {
          out.merge(
              TestIds.canonical(s.group(2).strip()),
              TestStatus.valueOf(s.group(1)),
              TestStatus::worse);
          continue;
        }
        Matcher v = VERBOSE.matcher(line);
        if (v.matches()) {
          out.merge(
              TestIds.canonical(v.group(1).strip()),
              TestStatus.valueOf(v.group(2)),
              TestStatus::worse);
        }
      }
      return out;
    }
  }
}
