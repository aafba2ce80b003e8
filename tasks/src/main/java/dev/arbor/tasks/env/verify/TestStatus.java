package dev.arbor.tasks.env.verify;

/** Outcome of one test as a test runner reports it (pytest's names; unittest's map onto them). */
public enum TestStatus {
  PASSED,
  FAILED,
  ERROR,
  SKIPPED,
  /** Expected failure that failed: counts as passed (as in SWE-bench). */
  XFAIL,
  /** Expected failure that passed. */
  XPASS;

  /** Counts as a pass for FAIL_TO_PASS. */
  public boolean passed() {
    return this == PASSED || this == XFAIL;
  }

  /** Counts as a failure for PASS_TO_PASS (skips and unexpected passes do not). */
  public boolean failed() {
    return this == FAILED || this == ERROR;
  }

  /** When a log reports one test twice (e.g. passed, then errored in teardown), the worse wins. */
  static TestStatus worse(TestStatus a, TestStatus b) {
    if (a.failed() || b == null) {
      return a;
    }
    if (b.failed()) {
      return b;
    }
    return a.passed() ? b : a;
  }
}
