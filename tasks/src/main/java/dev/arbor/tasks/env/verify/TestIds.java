package dev.arbor.tasks.env.verify;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One spelling for test ids that runners and data sets write differently. unittest and Django print
 * {@code test_a (pkg.mod.Class.test_a)} (Python 3.11+) or {@code test_a (pkg.mod.Class)}; SWE-bench
 * lists either; both become {@code pkg.mod.Class.test_a}. pytest ids ({@code
 * tests/t.py::test_a[param]}) are kept as they are.
 */
public final class TestIds {
  private static final Pattern UNITTEST = Pattern.compile("^(\\w+) \\(([\\w.]+)\\)$");

  private TestIds() {}

  public static String canonical(String id) {
    String s = id.strip();
    Matcher m = UNITTEST.matcher(s);
    if (!m.matches()) {
      return s;
    }
    String name = m.group(1);
    String path = m.group(2);
    return path.equals(name) || path.endsWith("." + name) ? path : path + "." + name;
  }
}
