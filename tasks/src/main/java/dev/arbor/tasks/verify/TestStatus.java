package dev.arbor.tasks.verify;

/**
 * Outcome of one test in a test log. Only {@link #PASSED} counts as passing; a test the log does
 * not mention is {@link #MISSING} (e.g. its module failed to import).
 */
public enum TestStatus {
  PASSED,
  FAILED,
  SKIPPED,
  MISSING;

  /** The worse of two statuses of the same test (a test reported twice counts as its worst). */
  static TestStatus worse(TestStatus a, TestStatus b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(TestStatus s) {
    return switch (s) {
      case MISSING -> 0;
      case PASSED -> 1;
      case SKIPPED -> 2;
      case FAILED -> 3;
    };
  }
}
