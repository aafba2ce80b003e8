package dev.arbor.tree.proto;

import com.google.protobuf.Message;
import dev.arbor.proto.v1.JobSpec;
import dev.arbor.proto.v1.Limits;
import dev.arbor.proto.v1.PolicyVersionRange;
import dev.arbor.proto.v1.RepositorySnapshot;
import dev.arbor.proto.v1.RoleSpec;
import dev.arbor.proto.v1.RolloutSettings;
import dev.arbor.proto.v1.SnapshotKind;
import dev.arbor.proto.v1.SourceMetadata;
import dev.arbor.proto.v1.TaskSet;
import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.proto.v1.ToolCall;
import dev.arbor.proto.v1.ToolResult;
import dev.arbor.proto.v1.ToolStatus;
import dev.arbor.proto.v1.TrainingSettings;
import dev.arbor.proto.v1.TrajectoryMeta;
import dev.arbor.proto.v1.TrajectoryStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The golden {@code arbor.v1} messages: one fully populated message per type, and the program that
 * writes them to {@code tree/src/test/resources/golden/proto/v1/}.
 *
 * <p>The tests only read the files; they never write them. Adding a field to a schema needs no new
 * golden files (old files must keep parsing: that is what they guard). To cover a new field, set it
 * here and regenerate deliberately, from the repository root:
 *
 * <pre>
 * mvn -B -q -pl tree test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.arbor.tree.proto.GoldenProtos \
 *     -Dexec.args="--force tree/src/test/resources/golden/proto/v1"
 * </pre>
 *
 * <p>Without {@code --force} the program only writes missing files and refuses to change existing
 * ones. Review the change in text form: an additive change only adds fields. To print a golden file
 * as text:
 *
 * <pre>
 * protoc -Iresources/proto --decode=arbor.v1.TaskSpec resources/proto/arbor/v1/*.proto \
 *     &lt; tree/src/test/resources/golden/proto/v1/task_spec.binpb
 * </pre>
 */
public final class GoldenProtos {
  private GoldenProtos() {}

  /** A golden file and the message it must hold. */
  public record Golden(String fileName, Message expected) {
    @Override
    public String toString() {
      return fileName;
    }
  }

  /** Every golden file with its expected message. */
  public static List<Golden> all() {
    return List.of(
        new Golden("task_spec.binpb", taskSpec()),
        new Golden("task_set.binpb", taskSet()),
        new Golden("tool_call.binpb", toolCall()),
        new Golden("tool_result.binpb", toolResult()),
        new Golden("trajectory_meta.binpb", trajectoryMeta()),
        new Golden("job_spec.binpb", jobSpec()));
  }

  /** A SWE-bench-style task with non-ASCII text and a CRLF patch. */
  public static TaskSpec taskSpec() {
    return TaskSpec.newBuilder()
        .setId("scikit-learn__scikit-learn-11578")
        .setSuite("mini-swe")
        .setInstruction(
            "CountVectorizer drops tokens that contain emoji 🚀 or CJK text (漢字, かな)\n\n"
                + "Steps to reproduce:\n"
                + "```python\n"
                + "CountVectorizer().fit([\"ship it 🚀 今日は\"]).vocabulary_\n"
                + "```\n"
                + "Expected `{'ship': 0, 'it': 1, '🚀': 2, '今日は': 3}`, got only the ASCII words.")
        .setRepository(
            RepositorySnapshot.newBuilder()
                .setKind(SnapshotKind.SNAPSHOT_KIND_GIT)
                .setLocation("https://github.com/scikit-learn/scikit-learn.git")
                .setBaseCommit("dd69361a0d9c6ccde0d2353b00b86e0e7541a3e3"))
        .addSetupCommands("python -m pip install -e .")
        .addSetupCommands("python -c 'import sklearn; sklearn.show_versions()'")
        .addTestCommands("pytest -rA sklearn/feature_extraction/tests/test_text.py")
        .addFailToPass("sklearn/feature_extraction/tests/test_text.py::test_unicode_tokens[🚀]")
        .addFailToPass("sklearn/feature_extraction/tests/test_text.py::test_unicode_tokens[今日は]")
        .addPassToPass("sklearn/feature_extraction/tests/test_text.py::test_strip_accents")
        .addPassToPass("sklearn/feature_extraction/tests/test_text.py::test_word_analyzer_unigrams")
        .addAllowedTools("bash")
        .addAllowedTools("edit")
        .addAllowedTools("submit")
        .setLimits(
            Limits.newBuilder()
                .setWallClockTimeoutMs(120_000)
                .setCpuSeconds(300)
                .setMemoryBytes(4L << 30)
                .setOutputCapBytes(64 << 10)
                .setMaxTurns(30)
                .setMaxTokens(32_768))
        .setSource(
            SourceMetadata.newBuilder()
                .setRepository("scikit-learn/scikit-learn")
                .setStars(61_234)
                .setLicense("BSD-3-Clause")
                .setInstanceId("scikit-learn__scikit-learn-11578")
                .setCreatedAt("2018-07-17T08:31:44Z")
                .setVersion("0.20")
                .setHintsText(
                    "The default token_pattern is r\"(?u)\\b\\w\\w+\\b\"; 🚀 is not \\w."))
        .setDifficulty(2)
        .putLabels("lang", "python")
        .putLabels("effort", "15min-1h")
        .putLabels("zh", "中文标签")
        .setGoldPatch(
            "diff --git a/sklearn/feature_extraction/text.py b/sklearn/feature_extraction/text.py\r\n"
                + "--- a/sklearn/feature_extraction/text.py\r\n"
                + "+++ b/sklearn/feature_extraction/text.py\r\n"
                + "@@ -718,7 +718,7 @@ class CountVectorizer(BaseEstimator, VectorizerMixin):\r\n"
                + "-                 token_pattern=r\"(?u)\\b\\w\\w+\\b\",\r\n"
                + "+                 token_pattern=r\"(?u)\\b\\w\\w+\\b|[^\\s\\w]\",\r\n")
        .setTestPatch(
            "diff --git a/sklearn/feature_extraction/tests/test_text.py"
                + " b/sklearn/feature_extraction/tests/test_text.py\n"
                + "@@ -1,3 +1,8 @@\n"
                + "+@pytest.mark.parametrize(\"token\", [\"🚀\", \"今日は\"])\n"
                + "+def test_unicode_tokens(token):\n"
                + "+    assert token in CountVectorizer().fit([token]).vocabulary_\n")
        .build();
  }

  /** A generated arithmetic task, the other suite's shape. */
  public static TaskSpec arithmeticTask() {
    return TaskSpec.newBuilder()
        .setId("arithmetic-tools/000042")
        .setSuite("arithmetic-tools")
        .setInstruction("Compute (17 × 23) − 4² using the calculator, then submit the result.")
        .setRepository(
            RepositorySnapshot.newBuilder()
                .setKind(SnapshotKind.SNAPSHOT_KIND_DIRECTORY)
                .setLocation("resources/tasks/arithmetic-tools/empty"))
        .addTestCommands("test \"$(cat answer.txt)\" = 375")
        .addFailToPass("answer")
        .addAllowedTools("calculator")
        .addAllowedTools("submit")
        .setLimits(Limits.newBuilder().setWallClockTimeoutMs(5_000).setMaxTurns(6))
        .setSource(SourceMetadata.newBuilder().setInstanceId("seed=7/index=42").setVersion("1"))
        .setDifficulty(1)
        .putLabels("steps", "3")
        .build();
  }

  /** A named set of two tasks from different suites. */
  public static TaskSet taskSet() {
    return TaskSet.newBuilder()
        .setName("golden/mixed")
        .addTasks(taskSpec())
        .addTasks(arithmeticTask())
        .build();
  }

  /** An edit call whose patch argument has CRLF line ends. */
  public static ToolCall toolCall() {
    String patch =
        "--- a/sklearn/feature_extraction/text.py\r\n"
            + "+++ b/sklearn/feature_extraction/text.py\r\n"
            + "@@ -718 +718 @@\r\n"
            + "-token_pattern=r\"(?u)\\b\\w\\w+\\b\"\r\n"
            + "+token_pattern=r\"(?u)\\b\\w\\w+\\b|[^\\s\\w]\"  # 🚀, 今日は\r\n";
    return ToolCall.newBuilder()
        .setCallId("call_0003")
        .setToolName("edit")
        .putArguments("path", "sklearn/feature_extraction/text.py")
        .putArguments("patch", patch)
        .setRawText(
            "<tool_call>{\"name\": \"edit\", \"arguments\": {\"path\": "
                + "\"sklearn/feature_extraction/text.py\", \"patch\": \"...\"}}</tool_call>")
        .build();
  }

  /** A test run whose output hit the cap. */
  public static ToolResult toolResult() {
    return ToolResult.newBuilder()
        .setCallId("call_0004")
        .setToolName("bash")
        .setStatus(ToolStatus.TOOL_STATUS_OUTPUT_TRUNCATED)
        .setStdout(
            "============================= test session starts ==============================\n"
                + "sklearn/feature_extraction/tests/test_text.py ..F.... [ 12%]\n"
                + "FAILED test_unicode_tokens[今日は] - AssertionError: '今日は' not in {'ship': 0}\n")
        .setStderr("DeprecationWarning: np.int is deprecated ⚠\n")
        .setExitCode(1)
        .setDurationMs(5_312)
        .setTruncatedBytes(20_480)
        .build();
  }

  /** A truncated episode with its tool call summary. */
  public static TrajectoryMeta trajectoryMeta() {
    return TrajectoryMeta.newBuilder()
        .setTrajectoryId("job-7/iter-0042/traj-0013")
        .setTaskId("scikit-learn__scikit-learn-11578")
        .setGroupId("job-7/iter-0042/group-03")
        .setReward(0.25)
        .setAdvantage(-0.4330127018922193)
        .setStatus(TrajectoryStatus.TRAJECTORY_STATUS_TRUNCATED)
        .setPolicyVersions(PolicyVersionRange.newBuilder().setMin(41).setMax(42))
        .setNumTurns(7)
        .setNumToolCalls(11)
        .setMaxParallelToolCalls(3)
        .putTokensByRole("PROMPT", 812)
        .putTokensByRole("MODEL", 2_304)
        .putTokensByRole("TOOL_RESULT", 5_120)
        .setStartUnixMs(1_768_653_296_123L)
        .setEndUnixMs(1_768_653_391_456L)
        .setErrorMessage("max_tokens (8192) reached in turn 7 — 截断")
        .addToolCalls(toolCall())
        .addToolResults(toolResult().toBuilder().setCallId("call_0003").setToolName("edit"))
        .build();
  }

  /** A small cluster job with all four roles. */
  public static JobSpec jobSpec() {
    return JobSpec.newBuilder()
        .setName("mini-swe-grpo-2026-01")
        .setSeed(0x5EED_2026_0117L)
        .setModel("checkpoints/qwen2-0.5b-instruct")
        .addRoles(role("policy", 2, 3).putResources("GPU", 1).putResources("policy", 1))
        .addRoles(role("sandbox", 8, 10).putResources("CPU", 1).putResources("sandbox", 1))
        .addRoles(role("trainer", 1, 1).putResources("GPU", 1).putResources("trainer", 1))
        .addRoles(role("tree_manager", 1, 2).putResources("CPU", 0.5))
        .setRollout(
            RolloutSettings.newBuilder()
                .setGroupSize(8)
                .setMaxTurns(20)
                .setTemperature(0.7)
                .setTopP(0.95)
                .setMaxTokens(16_384))
        .setTraining(
            TrainingSettings.newBuilder()
                .setLearningRate(1e-6)
                .setSteps(500)
                .setTokenBudgetPerBatch(65_536)
                .setMaxStaleness(2)
                .setCheckpointEverySteps(50))
        .setTaskSuite("mini-swe")
        .build();
  }

  private static RoleSpec.Builder role(String name, int count, int maxRestarts) {
    return RoleSpec.newBuilder().setRole(name).setCount(count).setMaxRestarts(maxRestarts);
  }

  /**
   * Writes the golden files into the folder given as the last argument. Existing files whose bytes
   * differ are only replaced with {@code --force}.
   */
  public static void main(String[] args) throws IOException {
    List<String> argList = List.of(args);
    boolean force = argList.contains("--force");
    if (args.length == 0 || args[args.length - 1].startsWith("--")) {
      throw new IllegalArgumentException("usage: GoldenProtos [--force] <output folder>");
    }
    Path dir = Path.of(args[args.length - 1]);
    Files.createDirectories(dir);
    int refused = 0;
    for (Golden golden : all()) {
      Path file = dir.resolve(golden.fileName());
      byte[] old = Files.exists(file) ? Files.readAllBytes(file) : null;
      Path fresh = Files.createTempFile("golden", ".binpb");
      ProtoFiles.write(fresh, golden.expected());
      byte[] bytes = Files.readAllBytes(fresh);
      Files.delete(fresh);
      if (old != null && Arrays.equals(old, bytes)) {
        System.out.println("unchanged " + file);
      } else if (old != null && !force) {
        System.out.println("DIFFERS   " + file + " (not written; pass --force to replace it)");
        refused++;
      } else {
        ProtoFiles.write(file, golden.expected());
        System.out.println((old == null ? "created   " : "replaced  ") + file);
      }
    }
    if (refused > 0) {
      throw new IllegalStateException(refused + " golden file(s) differ; nothing was replaced");
    }
  }
}
