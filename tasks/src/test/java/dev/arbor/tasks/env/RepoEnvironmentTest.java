package dev.arbor.tasks.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arbor.proto.v1.RepositorySnapshot;
import dev.arbor.proto.v1.SnapshotKind;
import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.proto.v1.ToolResult;
import dev.arbor.proto.v1.ToolStatus;
import dev.arbor.tasks.InfraFailure;
import dev.arbor.tasks.env.verify.TestVerifier;
import dev.arbor.tasks.sandbox.ProcessSandboxFactory;
import dev.arbor.tasks.sandbox.SandboxConfig;
import dev.arbor.tasks.sandbox.SandboxLimits;
import dev.arbor.tasks.tools.ToolCallParser;
import dev.arbor.tasks.tools.ToolRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small Python repository with a bug, driven through the whole episode lifecycle. */
class RepoEnvironmentTest {
  @TempDir Path tmp;
  private Path repo;
  private Path sandboxes;
  private ProcessSandboxFactory factory;
  private RepoEnvironment env;

  static final String GOLD =
      "--- a/calc/ops.py\n+++ b/calc/ops.py\n@@ -1,2 +1,2 @@\n def add(a, b):\n-    return a - b\n"
          + "+    return a + b\n";
  static final String TEST_PATCH =
      "--- /dev/null\n+++ b/tests/test_more.py\n@@ -0,0 +1,7 @@\n+import unittest\n+from calc.ops import add\n"
          + "+\n+\n+class TestMore(unittest.TestCase):\n+    def test_negative(self):\n"
          + "+        self.assertEqual(add(-2, -3), -5)\n";

  @BeforeEach
  void setUp() throws Exception {
    repo = tmp.resolve("repo");
    Files.createDirectories(repo.resolve("calc"));
    Files.createDirectories(repo.resolve("tests"));
    Files.writeString(repo.resolve("calc/__init__.py"), "");
    Files.writeString(
        repo.resolve("calc/ops.py"),
        "def add(a, b):\n    return a - b\n\n\ndef mul(a, b):\n    return a * b\n");
    Files.writeString(repo.resolve("tests/__init__.py"), "");
    Files.writeString(
        repo.resolve("tests/test_ops.py"),
        "import unittest\nfrom calc.ops import add, mul\n\n\nclass TestOps(unittest.TestCase):\n"
            + "    def test_add(self):\n        self.assertEqual(add(2, 3), 5)\n\n"
            + "    def test_mul(self):\n        self.assertEqual(mul(2, 3), 6)\n");
    sandboxes = tmp.resolve("sandboxes");
    factory = ProcessSandboxFactory.create(SandboxConfig.defaults().withRoot(sandboxes));
    env = new RepoEnvironment(factory, ToolRegistry.standard(), RepoEnvironment.Options.defaults());
  }

  @AfterEach
  void tearDown() throws Exception {
    env.close();
    factory.close();
    try (var s = Files.list(sandboxes)) {
      assertThat(s.toList()).as("sandbox folders left").isEmpty();
    }
  }

  private TaskSpec.Builder task() {
    return TaskSpec.newBuilder()
        .setId("calc__calc-1")
        .setSuite("mini-swe")
        .setInstruction("add() subtracts. Make it add.")
        .setRepository(
            RepositorySnapshot.newBuilder()
                .setKind(SnapshotKind.SNAPSHOT_KIND_DIRECTORY)
                .setLocation(repo.toString()))
        .addTestCommands("python3 -m unittest -v 2>&1")
        .addFailToPass("test_add (tests.test_ops.TestOps)") // SWE-bench/Django spelling
        .addFailToPass("tests.test_more.TestMore.test_negative")
        .addPassToPass("test_mul (tests.test_ops.TestOps.test_mul)")
        .setTestPatch(TEST_PATCH)
        .setGoldPatch(GOLD);
  }

  private List<ToolResult> turn(String text) {
    return env.step(ToolCallParser.parse(text, "t"));
  }

  private static String call(String name, String argsJson) {
    return "<tool_call>{\"name\": \"" + name + "\", \"arguments\": " + argsJson + "}</tool_call>";
  }

  @Test
  void goldPatchTakesTheRewardFromZeroToOne() {
    TaskSpec t = task().build();
    Observation o = env.reset(t);
    assertThat(o.user()).startsWith("add() subtracts. Make it add.");
    assertThat(o.system()).contains("apply_patch(patch)").doesNotContain("subtracts");
    assertThat(o.tools()).extracting(s -> s.name()).doesNotContain("calc");
    Reward before = env.verify();
    assertThat(before.outcome()).isEqualTo(Reward.Outcome.SCORED);
    assertThat(before.score()).isZero();
    assertThat(before.failedTests())
        .containsExactly(
            "test_add (tests.test_ops.TestOps)", "tests.test_more.TestMore.test_negative");
    assertThat(before.passedTests()).containsExactly("test_mul (tests.test_ops.TestOps.test_mul)");
    assertThat(before.details()).contains("FAIL_TO_PASS 0/2 passed, PASS_TO_PASS 1/1");

    env.reset(t);
    String patch =
        new String(
            com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(GOLD));
    List<ToolResult> r =
        turn(
            "Fixing.\n"
                + call("apply_patch", "{\"patch\": \"" + patch + "\"}")
                + call("run", "{\"cmd\": \"python3 -m unittest tests.test_ops 2>&1 | tail -1\"}")
                + call("submit", "{}"));
    assertThat(r).extracting(ToolResult::getCallId).containsExactly("t-0", "t-1", "t-2");
    assertThat(r.get(0).getStatus()).as(r.get(0).getStderr()).isEqualTo(ToolStatus.TOOL_STATUS_OK);
    assertThat(env.done()).isTrue();
    Reward after = env.verify();
    assertThat(after.resolved()).as(after.details()).isTrue();
    assertThat(after.score()).isEqualTo(1.0);
    assertThat(after.failedTests()).isEmpty();
  }

  @Test
  void anAgentThatRewritesTheTestsDoesNotWin() throws Exception {
    env.reset(task().build());
    // Deletes the failing assertion and pre-creates the file the test patch adds.
    turn(
        call(
                "write_file",
                "{\"path\": \"tests/test_ops.py\", \"content\": \"import unittest\\nclass TestOps(unittest.TestCase):\\n"
                    + "    def test_add(self): pass\\n    def test_mul(self): pass\\n\"}")
            + call(
                "write_file",
                "{\"path\": \"tests/test_more.py\", \"content\": \"import unittest\\nclass TestMore(unittest.TestCase):\\n"
                    + "    def test_negative(self): pass\\n\"}"));
    Reward r = env.verify();
    assertThat(r.outcome()).isEqualTo(Reward.Outcome.SCORED);
    assertThat(r.score()).as("tests restored from the snapshot before the test patch").isZero();
    // test_more.py (touched by the test patch) was restored and re-added; test_ops.py is not in
    // the test patch, so the agent's version stays (as in SWE-bench).
    assertThat(r.failedTests()).containsExactly("tests.test_more.TestMore.test_negative");
  }

  @Test
  void exitCodeModeAndPytestMode() throws Exception {
    TaskSpec perTest =
        task()
            .clearTestCommands()
            .addTestCommands("python3 -m unittest {test}")
            .clearFailToPass()
            .addFailToPass("tests.test_ops.TestOps.test_add")
            .clearPassToPass()
            .addPassToPass("tests.test_ops.TestOps.test_mul")
            .setTestPatch("")
            .build();
    env.reset(perTest);
    assertThat(env.verify().failedTests()).containsExactly("tests.test_ops.TestOps.test_add");
    env.reset(perTest);
    turn(
        call(
            "write_file",
            "{\"path\": \"calc/ops.py\", \"content\": \"def add(a, b):\\n    return a + b\\n\\n\\ndef mul(a, b):\\n    return a * b\\n\"}"));
    assertThat(env.verify().score()).isEqualTo(1.0);

    Process probe =
        new ProcessBuilder("python3", "-m", "pytest", "--version")
            .redirectErrorStream(true)
            .start();
    probe.getInputStream().readAllBytes();
    assumeTrue(
        probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0, "pytest not installed");
    TaskSpec pytest =
        perTest.toBuilder()
            .clearTestCommands()
            .addTestCommands("python3 -m pytest -rA -p no:cacheprovider {tests}")
            .clearFailToPass()
            .addFailToPass("tests/test_ops.py::TestOps::test_add")
            .clearPassToPass()
            .addPassToPass("tests/test_ops.py::TestOps::test_mul")
            .putLabels("test_parser", "pytest")
            .build();
    env.reset(pytest);
    Reward r = env.verify();
    assertThat(r.failedTests())
        .as(r.details())
        .containsExactly("tests/test_ops.py::TestOps::test_add");
    assertThat(r.passedTests()).containsExactly("tests/test_ops.py::TestOps::test_mul");
  }

  @Test
  void aTestRunThatTimesOutIsTheAgentsFailureAndTapIsRead() throws Exception {
    TaskSpec tap =
        task()
            .clearTestCommands()
            .addTestCommands("printf 'ok 1 - a\\nnot ok 2 - b # TODO later\\nok 3 - c\\n'")
            .clearFailToPass()
            .addFailToPass("a")
            .clearPassToPass()
            .addPassToPass("b")
            .addPassToPass("c")
            .setTestPatch("")
            .setTestLogFormat("tap")
            .build();
    env.reset(tap);
    Reward passed = env.verify();
    assertThat(passed.score()).as(passed.details()).isEqualTo(1.0);
    assertThat(passed.passedTests()).containsExactly("a", "b", "c");

    TaskSpec hangs = tap.toBuilder().clearTestCommands().addTestCommands("sleep 30").build();
    RepoEnvironment.Options quick =
        new RepoEnvironment.Options(
            SandboxLimits.defaults(),
            Duration.ofMinutes(1),
            new TestVerifier.Options(Duration.ofSeconds(1), 1 << 20));
    try (RepoEnvironment impatient = new RepoEnvironment(factory, ToolRegistry.standard(), quick)) {
      impatient.reset(hangs);
      long t0 = System.nanoTime();
      Reward r = impatient.verify();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
      assertThat(r.outcome()).isEqualTo(Reward.Outcome.SCORED);
      assertThat(r.score()).isZero();
      assertThat(r.failedTests()).containsExactly("a", "b", "c");
      assertThat(r.details()).contains("TIMED_OUT");
    }

    TaskSpec unknown = tap.toBuilder().setTestLogFormat("junit").build();
    env.reset(unknown);
    Reward broken = env.verify();
    assertThat(broken.isInfraFailure()).isTrue();
    assertThat(broken.details()).contains("test_log_format: unknown test log format 'junit'");
  }

  @Test
  void infrastructureFailuresAreNeverTheAgents() {
    TaskSpec missing =
        task()
            .setRepository(
                RepositorySnapshot.newBuilder()
                    .setKind(SnapshotKind.SNAPSHOT_KIND_DIRECTORY)
                    .setLocation(tmp.resolve("nope").toString()))
            .build();
    assertThatThrownBy(() -> env.reset(missing))
        .isInstanceOf(InfraFailure.class)
        .hasMessageContaining("nope")
        .hasMessageContaining("does not exist");
    assertThatThrownBy(
            () ->
                env.reset(
                    task()
                        .addSetupCommands("true")
                        .addSetupCommands("echo broken >&2; exit 3")
                        .build()))
        .isInstanceOf(InfraFailure.class)
        .hasMessageContaining("task calc__calc-1: setup command 2 of 2 failed")
        .hasMessageContaining("broken");
    assertThatThrownBy(() -> env.reset(task().addAllowedTools("bash").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown tools [bash]");

    env.reset(
        task()
            .setTestPatch(
                "--- a/tests/test_ops.py\n+++ b/tests/test_ops.py\n@@ -1 +1 @@\n-not there\n+x\n")
            .build());
    Reward broken = env.verify();
    assertThat(broken.isInfraFailure()).isTrue();
    assertThat(broken.details()).contains("test_patch does not apply");

    env.reset(task().clearTestCommands().build());
    assertThat(env.verify().details()).contains("no test_commands");

    // A tool call that meets a broken sandbox: INFRA_ERROR, and the episode is not scored.
    env.reset(task().build());
    env.sandbox().close();
    ToolResult r = turn(call("run", "{\"cmd\": \"ls\"}")).get(0);
    assertThat(r.getStatus()).isEqualTo(ToolStatus.TOOL_STATUS_INFRA_ERROR);
    assertThat(env.verify().isInfraFailure()).isTrue();
  }

  @Test
  void agentMistakesAreVisibleErrors() {
    env.reset(task().build());
    List<ToolResult> r =
        turn(
            "<tool_call>{\"name\": \"run\"}</tool_call>"
                + call("run", "{\"cmd\": \"exit 2\"}")
                + call("calc", "{\"expr\": \"1+1\"}"));
    assertThat(r.get(0).getStatus()).isEqualTo(ToolStatus.TOOL_STATUS_ERROR);
    assertThat(r.get(0).getStderr()).contains("missing \"arguments\"");
    assertThat(r.get(1).getStatus()).isEqualTo(ToolStatus.TOOL_STATUS_ERROR);
    assertThat(r.get(1).getExitCode()).isEqualTo(2);
    assertThat(r.get(2).getStderr()).contains("unknown tool 'calc'");
    assertThat(env.done()).isFalse();
    assertThat(env.verify().isInfraFailure()).isFalse();
  }

  @Test
  void toolCallsOfATurnRunInParallel() {
    env.reset(task().build());
    long t0 = System.nanoTime();
    List<ToolResult> r =
        turn(
            call("run", "{\"cmd\": \"sleep 0.8; echo a\"}")
                + call("run", "{\"cmd\": \"sleep 0.8; echo b\"}")
                + call("run", "{\"cmd\": \"sleep 0.8; echo c\"}"));
    assertThat(r).extracting(ToolResult::getStdout).containsExactly("a\n", "b\n", "c\n");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
  }
}
