package dev.arbor.tasks.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TestLogFormatTest {

  @Test
  void unittestPython311AndOlderProgressLinesAndFailureHeaders() {
    String log =
        String.join(
            "\n",
            "test_four (tests.test_roman.TestToRoman.test_four) ... FAIL",
            "test_additive (tests.test_roman.TestToRoman.test_additive) ... ok",
            "test_old (tests.test_roman.TestOld) ... ok",
            "test_err (tests.test_roman.TestToRoman.test_err) ... ERROR",
            "test_skip (tests.test_roman.TestToRoman.test_skip) ... skipped 'no network'",
            "test_doc (tests.test_roman.TestToRoman.test_doc)",
            "A test with a docstring ... ok",
            "test_garbled (tests.test_roman.TestToRoman.test_garbled) ... printed noise ok",
            "",
            "======================================================================",
            "FAIL: test_garbled (tests.test_roman.TestToRoman.test_garbled)",
            "----------------------------------------------------------------------",
            "Ran 7 tests in 0.003s");
    Map<String, TestStatus> s = TestLogFormat.UNITTEST.parse(log);
    assertThat(s)
        .containsEntry("tests.test_roman.TestToRoman.test_four", TestStatus.FAILED)
        .containsEntry("tests.test_roman.TestToRoman.test_additive", TestStatus.PASSED)
        .containsEntry("tests.test_roman.TestOld.test_old", TestStatus.PASSED)
        .containsEntry("tests.test_roman.TestToRoman.test_err", TestStatus.FAILED)
        .containsEntry("tests.test_roman.TestToRoman.test_skip", TestStatus.SKIPPED)
        .containsEntry("tests.test_roman.TestToRoman.test_doc", TestStatus.PASSED)
        .containsEntry("tests.test_roman.TestToRoman.test_garbled", TestStatus.FAILED);
  }

  @Test
  void pytestShortSummaryWithParametrizedIdsAndMessages() {
    String log =
        String.join(
            "\n",
            "..F",
            "=========================== short test summary info ============================",
            "PASSED tests/test_d.py::test_single_unit[45s-45]",
            "PASSED tests/test_d.py::test_rejects_garbage[]",
            "FAILED tests/test_d.py::test_compound[1h30m-5400] - AssertionError: as...",
            "ERROR tests/test_d.py::test_setup - fixture 'db' not found",
            "XFAIL tests/test_d.py::test_known_bug - reason",
            "XPASS tests/test_d.py::test_lucky",
            "SKIPPED [1] tests/test_d.py:12: no network",
            "1 failed, 2 passed in 0.05s");
    assertThat(TestLogFormat.PYTEST.parse(log))
        .containsEntry("tests/test_d.py::test_single_unit[45s-45]", TestStatus.PASSED)
        .containsEntry("tests/test_d.py::test_rejects_garbage[]", TestStatus.PASSED)
        .containsEntry("tests/test_d.py::test_compound[1h30m-5400]", TestStatus.FAILED)
        .containsEntry("tests/test_d.py::test_setup", TestStatus.FAILED)
        .containsEntry("tests/test_d.py::test_known_bug", TestStatus.FAILED)
        .containsEntry("tests/test_d.py::test_lucky", TestStatus.PASSED)
        .hasSize(6);
  }

  @Test
  void tapLinesDirectivesAndPlans() {
    String log =
        String.join(
            "\n",
            "1..5",
            "ok 1 - RpnTest.addition",
            "not ok 2 - RpnTest.subtraction_order",
            "  # expected <6> but was <-6>",
            "ok 3 - RpnTest.later # SKIP not yet",
            "not ok 4 - RpnTest.todo # TODO fix",
            "ok RpnTest.no_number",
            "ok 6",
            "Bail out! database gone");
    assertThat(TestLogFormat.TAP.parse(log))
        .containsEntry("RpnTest.addition", TestStatus.PASSED)
        .containsEntry("RpnTest.subtraction_order", TestStatus.FAILED)
        .containsEntry("RpnTest.later", TestStatus.SKIPPED)
        .containsEntry("RpnTest.todo", TestStatus.SKIPPED)
        .containsEntry("RpnTest.no_number", TestStatus.PASSED)
        .hasSize(5);
  }

  @Test
  void aTestReportedTwiceKeepsItsWorstStatus() {
    assertThat(TestLogFormat.TAP.parse("ok 1 - a\nnot ok 2 - a\nok 3 - a"))
        .containsEntry("a", TestStatus.FAILED);
    assertThat(TestLogFormat.TAP.parse("ok 1 - a\r\nok 2 - b\r\n")).containsKeys("a", "b");
  }

  @Test
  void labels() {
    assertThat(TestLogFormat.forLabel("pytest")).contains(TestLogFormat.PYTEST);
    assertThat(TestLogFormat.forLabel("")).isEmpty();
    assertThatThrownBy(() -> TestLogFormat.forLabel("junit"))
        .hasMessageContaining("unknown test_log_format 'junit'");
  }
}
