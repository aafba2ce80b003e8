package rpn;

import java.util.ArrayList;
import java.util.List;

/** A tiny test runner that prints TAP (Test Anything Protocol) lines. */
final class Tap {
  interface Body {
    void run() throws Exception;
  }

  private final List<String> lines = new ArrayList<>();
  private int failures;

  void test(String name, Body body) {
    int n = lines.size() + 1;
    try {
      body.run();
      lines.add("ok " + n + " - " + name);
    } catch (Throwable t) {
      failures++;
      lines.add("not ok " + n + " - " + name + "\n  # " + t);
    }
  }

  static void check(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }

  static void checkEquals(Object expected, Object actual) {
    if (!expected.equals(actual)) {
      throw new AssertionError("expected <" + expected + "> but was <" + actual + ">");
    }
  }

  int finish() {
    System.out.println("1.." + lines.size());
    lines.forEach(System.out::println);
    return failures == 0 ? 0 : 1;
  }
}
