package dev.arbor.tasks.env.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TestLogParserTest {

  @Test
  void pytestSummaryAndVerboseLines() {
    String log =
        "============================= test session starts ==============================\n"
            + "tests/test_a.py::test_ok PASSED                                          [ 20%]\n"
            + "tests/test_a.py::test_param[a b-1] PASSED                                [ 40%]\n"
            + "tests/test_a.py::test_bad FAILED                                         [ 60%]\n"
            + "[gw1] [ 80%] PASSED tests/test_b.py::test_xdist \n"
            + "=========================== short test summary info ============================\n"
            + "PASSED tests/test_a.py::test_ok\n"
            + "\u001B[31mFAILED\u001B[0m tests/test_a.py::test_bad - AssertionError: assert 1 == 2\n"
            + "ERROR tests/test_a.py::test_ok - RuntimeError: teardown\n"
            + "SKIPPED [1] tests/test_a.py:30: no network\n"
            + "XFAIL tests/test_a.py::test_xfail - known bug\n"
            + "XPASS tests/test_a.py::test_xpass reason\n";
    Map<String, TestStatus> r = TestLogParser.pytest().parse(log);
    assertThat(r)
        .containsEntry(
            "tests/test_a.py::test_ok", TestStatus.ERROR) // errored in teardown: worse wins
        .containsEntry("tests/test_a.py::test_param[a b-1]", TestStatus.PASSED)
        .containsEntry("tests/test_a.py::test_bad", TestStatus.FAILED)
        .containsEntry("tests/test_b.py::test_xdist", TestStatus.PASSED)
        .containsEntry("tests/test_a.py::test_xfail", TestStatus.XFAIL)
        .containsEntry("tests/test_a.py::test_xpass reason", TestStatus.XPASS)
        .hasSize(6);
  }

  @Test
  void unittestVerboseInAllItsShapes() {
    String log =
        "test_add (tests.test_ops.TestOps.test_add) ... FAIL\n"
            + "test_mul (tests.test_ops.TestOps) ... ok\n"
            + "test_doc (tests.test_ops.TestOps.test_doc)\n"
            + "Multiplies by zero. ... ok\n"
            + "test_noisy (tests.test_ops.TestOps.test_noisy) ... printing something\n"
            + "more output\n"
            + "ok\n"
            + "test_skip (tests.test_ops.TestOps.test_skip) ... skipped 'not today'\n"
            + "test_xf (tests.test_ops.TestOps.test_xf) ... expected failure\n"
            + "test_err (tests.test_ops.TestOps.test_err) ... ERROR\n"
            + "\n"
            + "======================================================================\n"
            + "FAIL: test_add (tests.test_ops.TestOps.test_add)\n"
            + "----------------------------------------------------------------------\n"
            + "Traceback (most recent call last):\n"
            + "AssertionError: -1 != 5\n"
            + "FAIL: test_hidden (tests.test_ops.TestOps)\n"
            + "Ran 7 tests in 0.001s\n";
    Map<String, TestStatus> r = TestLogParser.unittest().parse(log);
    assertThat(r)
        .containsEntry("tests.test_ops.TestOps.test_add", TestStatus.FAILED)
        .containsEntry("tests.test_ops.TestOps.test_mul", TestStatus.PASSED)
        .containsEntry("tests.test_ops.TestOps.test_doc", TestStatus.PASSED)
        .containsEntry("tests.test_ops.TestOps.test_noisy", TestStatus.PASSED)
        .containsEntry("tests.test_ops.TestOps.test_skip", TestStatus.SKIPPED)
        .containsEntry("tests.test_ops.TestOps.test_xf", TestStatus.XFAIL)
        .containsEntry("tests.test_ops.TestOps.test_err", TestStatus.ERROR)
        .containsEntry("tests.test_ops.TestOps.test_hidden", TestStatus.FAILED)
        .hasSize(8);
  }

  @Test
  void idsAreNormalised() {
    assertThat(TestIds.canonical("test_a (pkg.mod.Class)")).isEqualTo("pkg.mod.Class.test_a");
    assertThat(TestIds.canonical("test_a (pkg.mod.Class.test_a)"))
        .isEqualTo("pkg.mod.Class.test_a");
    assertThat(TestIds.canonical("pkg.mod.Class.test_a")).isEqualTo("pkg.mod.Class.test_a");
    assertThat(TestIds.canonical(" tests/t.py::test[x (y)] ")).isEqualTo("tests/t.py::test[x (y)]");
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
    assertThat(TestLogParser.named("tap").parse(log))
        .containsEntry("RpnTest.addition", TestStatus.PASSED)
        .containsEntry("RpnTest.subtraction_order", TestStatus.FAILED)
        .containsEntry("RpnTest.later", TestStatus.SKIPPED)
        .containsEntry("RpnTest.todo", TestStatus.SKIPPED)
        .containsEntry("RpnTest.no_number", TestStatus.PASSED)
        .hasSize(5);
  }

  @Test
  void aTapTestReportedTwiceKeepsItsWorstStatusAndCrlfIsRead() {
    assertThat(TestLogParser.tap().parse("ok 1 - a\nnot ok 2 - a\nok 3 - a"))
        .containsEntry("a", TestStatus.FAILED);
    assertThat(TestLogParser.tap().parse("ok 1 - a\r\nok 2 - b\r\n")).containsOnlyKeys("a", "b");
  }

  @Test
  void autoReadsBothAndNamesAreChecked() {
    Map<String, TestStatus> r =
        TestLogParser.auto().parse("PASSED t.py::test_a\ntest_b (m.C.test_b) ... ok\n");
    assertThat(r).containsOnlyKeys("t.py::test_a", "m.C.test_b");
    assertThatThrownBy(() -> TestLogParser.named("jest"))
        .hasMessageContaining("unknown test log format 'jest'");
  }
}
