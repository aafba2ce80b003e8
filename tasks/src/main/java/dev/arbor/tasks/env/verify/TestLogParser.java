package dev.arbor.tasks.env.verify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

  /**
   * The Test Anything Protocol: {@code ok 1 - id} passes, {@code not ok 2 - id} fails, a {@code #
   * SKIP} or {@code # TODO} directive makes it skipped; plans ({@code 1..5}), diagnostics ({@code #
   * ...}), {@code Bail out!} and results without a name are ignored.
   */
  static TestLogParser tap() {
    return TapLogParser.INSTANCE;
  }

  /** pytest and unittest (their line shapes do not overlap); the default. */
  static TestLogParser auto() {
    return log -> {
      Map<String, TestStatus> out = new LinkedHashMap<>(pytest().parse(log));
      unittest().parse(log).forEach((k, v) -> out.merge(k, v, TestStatus::worse));
      return out;
    };
  }

  /**
   * By name ({@code TaskSpec.test_log_format}): {@code pytest}, {@code unittest} (or {@code
   * django}), {@code tap}, or {@code auto} (also for "").
   *
   * @throws IllegalArgumentException for any other name
   */
  static TestLogParser named(String name) {
    return switch (name) {
      case "pytest" -> pytest();
      case "unittest", "django" -> unittest();
      case "tap" -> tap();
      case "auto", "" -> auto();
      default ->
          throw new IllegalArgumentException(
              "unknown test log format '"
                  + name
                  + "'; known: "
                  + List.of("pytest", "unittest", "django", "tap", "auto"));
    };
  }

  /** Removes ANSI colour sequences. */
  static String plain(String log) {
    return log.replaceAll("\u001B\\[[0-9;]*m", "");
  }

  /** The TAP parser. */
  final class TapLogParser implements TestLogParser {
    static final TapLogParser INSTANCE = new TapLogParser();
    private static final Pattern LINE =
        Pattern.compile("^(not ok|ok)\\b\\s*(?:\\d+)?\\s*(?:-\\s*)?(.*?)\\s*(?:#\\s*(\\w+).*)?$");

    @Override
    public Map<String, TestStatus> parse(String log) {
      Map<String, TestStatus> out = new LinkedHashMap<>();
      for (String raw : plain(log).split("\n")) {
        Matcher m = LINE.matcher(raw.strip());
        if (!m.matches() || m.group(2).isEmpty()) {
          continue;
        }
        String directive = m.group(3) == null ? "" : m.group(3).toUpperCase(Locale.ROOT);
        TestStatus s =
            directive.startsWith("SKIP") || directive.startsWith("TODO")
                ? TestStatus.SKIPPED
                : m.group(1).equals("ok") ? TestStatus.PASSED : TestStatus.FAILED;
        out.merge(TestIds.canonical(m.group(2)), s, TestStatus::worse);
      }
      return out;
    }
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
