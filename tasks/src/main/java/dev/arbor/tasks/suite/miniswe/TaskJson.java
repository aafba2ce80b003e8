package dev.arbor.tasks.suite.miniswe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbor.proto.v1.Limits;
import dev.arbor.tasks.env.verify.TestLogParser;
import dev.arbor.tasks.suite.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The {@code task.json} of a mini-swe task:
 *
 * <pre>{@code
 * {
 *   "id": "py-roman-subtractive",          // = the folder name
 *   "language": "python",                  // label "lang"
 *   "split": "train",                      // "train" or "test"
 *   "difficulty": 1,                       // >= 1
 *   "summary": "to_roman ignores ...",     // one line for listings (label "summary")
 *   "test_log_format": "unittest",         // unittest | pytest | tap
 *   "setup_commands": [],                  // optional
 *   "test_commands": ["python3 -m unittest discover -s tests -t . -v"],
 *   "FAIL_TO_PASS": ["tests.test_roman.TestToRoman.test_four"],
 *   "PASS_TO_PASS": ["tests.test_roman.TestToRoman.test_additive"],
 *   "limits": {"wall_clock_timeout_ms": 60000, "max_turns": 20}   // optional
 * }
 * }</pre>
 *
 * Unknown keys are an error (a typo must not silently drop a setting).
 */
record TaskJson(
    String id,
    String language,
    Split split,
    int difficulty,
    String summary,
    String testLogFormat,
    List<String> setupCommands,
    List<String> testCommands,
    List<String> failToPass,
    List<String> passToPass,
    Limits limits) {

  private static final Set<String> KEYS =
      Set.of(
          "id",
          "language",
          "split",
          "difficulty",
          "summary",
          "test_log_format",
          "setup_commands",
          "test_commands",
          "FAIL_TO_PASS",
          "PASS_TO_PASS",
          "limits");
  private static final Set<String> LIMIT_KEYS =
      Set.of(
          "wall_clock_timeout_ms",
          "cpu_seconds",
          "memory_bytes",
          "output_cap_bytes",
          "max_turns",
          "max_tokens");

  static TaskJson parse(Path file, JsonNode root) throws MiniSweException {
    if (!root.isObject()) {
      throw new MiniSweException(file + ": expected a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new MiniSweException(file + ": unknown field '" + key + "'; known: " + KEYS);
      }
    }
    String id = text(file, root, "id");
    String formatLabel = text(file, root, "test_log_format");
    Split split;
    try {
      if (formatLabel.isEmpty()) {
        throw new IllegalArgumentException("field 'test_log_format' is empty");
      }
      try {
        TestLogParser.named(formatLabel);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("field 'test_log_format': " + e.getMessage(), e);
      }
      split = Split.parse(text(file, root, "split"));
    } catch (IllegalArgumentException e) {
      throw new MiniSweException(file + ": " + e.getMessage(), e);
    }
    JsonNode difficulty = root.get("difficulty");
    if (difficulty == null || !difficulty.isInt() || difficulty.asInt() < 1) {
      throw new MiniSweException(file + ": field 'difficulty' must be an integer >= 1");
    }
    List<String> f2p = strings(file, root, "FAIL_TO_PASS", true);
    if (f2p.isEmpty()) {
      throw new MiniSweException(file + ": field 'FAIL_TO_PASS' is empty; a task needs one");
    }
    List<String> p2p = strings(file, root, "PASS_TO_PASS", true);
    MiniSwe.checkTestIds(file, f2p, p2p);
    List<String> tests = strings(file, root, "test_commands", true);
    if (tests.isEmpty()) {
      throw new MiniSweException(file + ": field 'test_commands' is empty");
    }
    return new TaskJson(
        id,
        text(file, root, "language"),
        split,
        difficulty.asInt(),
        text(file, root, "summary"),
        formatLabel,
        strings(file, root, "setup_commands", false),
        tests,
        f2p,
        p2p,
        limits(file, root.get("limits")));
  }

  private static String text(Path file, JsonNode root, String field) throws MiniSweException {
    JsonNode n = root.get(field);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw new MiniSweException(file + ": field '" + field + "' must be a non-empty string");
    }
    return n.asText();
  }

  private static List<String> strings(Path file, JsonNode root, String field, boolean required)
      throws MiniSweException {
    JsonNode n = root.get(field);
    if (n == null && !required) {
      return List.of();
    }
    if (n == null || !n.isArray()) {
      throw new MiniSweException(file + ": field '" + field + "' must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isTextual() || n.get(i).asText().isBlank()) {
        throw new MiniSweException(
            file + ": field '" + field + "' item " + i + " must be a non-empty string");
      }
      out.add(n.get(i).asText());
    }
    return out;
  }

  private static Limits limits(Path file, JsonNode n) throws MiniSweException {
    Limits.Builder b = Limits.newBuilder();
    if (n == null) {
      return b.build();
    }
    if (!n.isObject()) {
      throw new MiniSweException(file + ": field 'limits' must be an object");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      JsonNode v = n.get(key);
      if (!LIMIT_KEYS.contains(key)) {
        throw new MiniSweException(
            file + ": unknown field 'limits." + key + "'; known: " + LIMIT_KEYS);
      }
      if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
        throw new MiniSweException(
            file + ": field 'limits." + key + "' must be a non-negative integer");
      }
      long x = v.asLong();
      switch (key) {
        case "wall_clock_timeout_ms" -> b.setWallClockTimeoutMs(x);
        case "cpu_seconds" -> b.setCpuSeconds(x);
        case "memory_bytes" -> b.setMemoryBytes(x);
        case "output_cap_bytes" -> b.setOutputCapBytes(x);
        case "max_turns" -> b.setMaxTurns(Math.toIntExact(x));
        default -> b.setMaxTokens(Math.toIntExact(x));
      }
    }
    return b.build();
  }
}
