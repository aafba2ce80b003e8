package dev.arbor.tasks.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.proto.v1.RepositorySnapshot;
import dev.arbor.proto.v1.SnapshotKind;
import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.proto.v1.ToolCall;
import dev.arbor.proto.v1.ToolResult;
import dev.arbor.proto.v1.ToolStatus;
import dev.arbor.tasks.sandbox.ProcessSandboxFactory;
import dev.arbor.tasks.sandbox.Sandbox;
import dev.arbor.tasks.sandbox.SandboxConfig;
import dev.arbor.tasks.sandbox.SandboxLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tools through the registry, on a real sandbox with the best isolation available. */
class ToolRegistryTest {
  @TempDir Path tmp;
  private ProcessSandboxFactory factory;
  private Sandbox sandbox;
  private ToolContext ctx;
  private final ToolRegistry tools = ToolRegistry.standard();
  private Path outside;

  @BeforeEach
  void setUp() throws Exception {
    Path snap = Files.createDirectories(tmp.resolve("snap"));
    Files.writeString(snap.resolve("app.py"), "def add(a, b):\n    return a - b\n");
    outside = Files.createDirectories(tmp.resolve("host"));
    Files.writeString(outside.resolve("secret.txt"), "host secret\n");
    Files.createSymbolicLink(snap.resolve("escape"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(snap.resolve("escapedir"), outside);
    factory = ProcessSandboxFactory.create(SandboxConfig.defaults().withRoot(tmp.resolve("sbx")));
    sandbox =
        factory.create(
            "tools",
            RepositorySnapshot.newBuilder()
                .setKind(SnapshotKind.SNAPSHOT_KIND_DIRECTORY)
                .setLocation(snap.toString())
                .build(),
            SandboxLimits.defaults()
                .withWallClock(Duration.ofSeconds(10))
                .withOutputCapBytes(4096));
    ctx = new ToolContext(sandbox, new Episode());
  }

  @AfterEach
  void tearDown() {
    factory.close();
  }

  private ToolResult call(String name, Map<String, String> args) {
    return tools.call(
        ToolCall.newBuilder().setCallId("c").setToolName(name).putAllArguments(args).build(), ctx);
  }

  @Test
  void editRunSubmit() {
    ToolResult patch =
        call(
            "apply_patch",
            Map.of(
                "patch",
                "--- a/app.py\n+++ b/app.py\n@@ -1,2 +1,2 @@\n def add(a, b):\n-    return a - b\n"
                    + "+    return a + b\n"));
    assertThat(patch.getStatus()).as(patch.getStderr()).isEqualTo(ToolStatus.TOOL_STATUS_OK);
    assertThat(patch.getStdout()).isEqualTo("patch applied: modified app.py");
    ToolResult run = call("run", Map.of("cmd", "python3 -c 'import app; print(app.add(2, 3))'"));
    assertThat(run.getStatus()).isEqualTo(ToolStatus.TOOL_STATUS_OK);
    assertThat(run.getStdout()).isEqualTo("5\n");
    assertThat(run.getCallId()).isEqualTo("c");
    assertThat(call("write_file", Map.of("path", "notes/n.txt", "content", "hi\n")).getStdout())
        .isEqualTo("wrote 3 bytes to notes/n.txt");
    assertThat(call("read_file", Map.of("path", "notes/n.txt")).getStdout()).isEqualTo("hi\n");
    assertThat(call("list_dir", Map.of()).getStdout())
        .contains("app.py\n", "notes/\n", "escape -> " + outside.resolve("secret.txt"));
    assertThat(call("calc", Map.of("expr", "1/3")).getStdout()).isEqualTo("1/3 ≈ 0.333333333333");
    assertThat(call("submit", Map.of()).getStatus()).isEqualTo(ToolStatus.TOOL_STATUS_OK);
    assertThat(ctx.episode().submitted()).isTrue();
    assertThat(call("submit", Map.of()).getStderr()).contains("already submitted");
  }

  @Test
  void runStatuses() {
    ToolResult fail = call("run", Map.of("cmd", "echo out; echo err >&2; exit 4"));
    assertThat(fail.getStatus()).isEqualTo(ToolStatus.TOOL_STATUS_ERROR);
    assertThat(fail.getExitCode()).isEqualTo(4);
    assertThat(fail.getStdout()).isEqualTo("out\n");
    assertThat(fail.getStderr()).isEqualTo("err\n");
    ToolResult slow = call("run", Map.of("cmd", "sleep 30", "timeout_s", "1"));
    assertThat(slow.getStatus()).isEqualTo(ToolStatus.TOOL_STATUS_TIMEOUT);
    assertThat(slow.getStderr()).contains("timed out after 1 s");
    assertThat(slow.getDurationMs()).isLessThan(5000);
    ToolResult big = call("run", Map.of("cmd", "seq 1 100000"));
    assertThat(big.getStatus()).isEqualTo(ToolStatus.TOOL_STATUS_OUTPUT_TRUNCATED);
    assertThat(big.getTruncatedBytes()).isPositive();
    assertThat(call("run", Map.of("cmd", "true", "timeout_s", "999")).getStderr())
        .contains("'timeout_s' must be between 1 and 10");
  }

  @Test
  void symlinkEscapesThroughTheFileToolsAreRefused() throws Exception {
    ToolResult read = call("read_file", Map.of("path", "escape"));
    assertThat(read.getStatus()).isEqualTo(ToolStatus.TOOL_STATUS_ERROR);
    assertThat(read.getStderr()).contains("outside the working copy").doesNotContain("host secret");
    assertThat(call("read_file", Map.of("path", "escapedir/secret.txt")).getStderr())
        .contains("outside the working copy");
    assertThat(call("write_file", Map.of("path", "escape", "content", "pwned")).getStderr())
        .contains("outside the working copy");
    assertThat(call("write_file", Map.of("path", "escapedir/new.txt", "content", "x")).getStderr())
        .contains("outside the working copy");
    ToolResult patch =
        call(
            "apply_patch",
            Map.of("patch", "--- a/escape\n+++ b/escape\n@@ -1 +1 @@\n-host secret\n+pwned\n"));
    assertThat(patch.getStatus()).isEqualTo(ToolStatus.TOOL_STATUS_ERROR);
    assertThat(patch.getStderr()).contains("outside the working copy");
    ToolResult dotdot =
        call(
            "apply_patch",
            Map.of(
                "patch",
                "--- a/../host/secret.txt\n+++ b/../host/secret.txt\n@@ -1 +1 @@\n-host secret\n"
                    + "+pwned\n"));
    assertThat(dotdot.getStderr()).contains("'..' is not allowed");
    assertThat(call("read_file", Map.of("path", "/etc/hostname")).getStderr())
        .contains("absolute path");
    assertThat(call("list_dir", Map.of("path", "escapedir")).getStderr())
        .contains("outside the working copy");
    // The host is unchanged.
    assertThat(outside.resolve("secret.txt")).hasContent("host secret");
    assertThat(outside.resolve("new.txt")).doesNotExist();
  }

  @Test
  void agentMistakesAreErrorResultsWithHelp() {
    assertThat(call("bash", Map.of("cmd", "ls")).getStderr())
        .contains("unknown tool 'bash'")
        .contains("available tools: run, read_file");
    assertThat(call("run", Map.of()).getStderr()).contains("run needs the argument 'cmd'");
    assertThat(call("run", Map.of("cmd", "ls", "shell", "bash")).getStderr())
        .contains("run has no argument 'shell'; its arguments: run(cmd, timeout_s?)");
    assertThat(call("read_file", Map.of("path", "nope.py")).getStderr())
        .isEqualTo("read_file: no such file: nope.py");
    assertThat(call("calc", Map.of("expr", "2 +")).getStderr()).contains("calc: expression ends");
    ToolCall malformed = ToolCallParser.parse("<tool_call>{oops}</tool_call>", "t").get(0);
    ToolResult r = tools.call(malformed, ctx);
    assertThat(r.getStatus()).isEqualTo(ToolStatus.TOOL_STATUS_ERROR);
    assertThat(r.getStderr()).startsWith("malformed tool call: invalid JSON");
    assertThat(ToolCallFormat.render(r))
        .startsWith("<tool_result name=\"\" status=\"error\">\n[stderr]\nmalformed tool call");
  }

  @Test
  void allowedToolsFilter() {
    TaskSpec arithmetic =
        TaskSpec.newBuilder()
            .setId("arith-1")
            .addAllowedTools("calc")
            .addAllowedTools("submit")
            .build();
    ToolRegistry r = tools.forTask(arithmetic);
    assertThat(r.names()).containsExactly("submit", "calc");
    ToolResult denied =
        r.call(
            ToolCall.newBuilder()
                .setCallId("x")
                .setToolName("run")
                .putArguments("cmd", "ls")
                .build(),
            ctx);
    assertThat(denied.getStderr()).contains("unknown tool 'run'; available tools: submit, calc");
    assertThat(tools.forTask(TaskSpec.newBuilder().setId("t").build()).names())
        .containsExactlyElementsOf(ToolRegistry.REPO_TOOLS);
    assertThatThrownBy(
            () -> tools.forTask(TaskSpec.newBuilder().setId("t9").addAllowedTools("bash").build()))
        .hasMessageContaining("task 't9': allowed_tools names unknown tools [bash]");
    assertThat(ToolCallFormat.instructions(r.specs()))
        .contains("<tool_call>{\"name\": \"TOOL\"")
        .contains("- calc(expr): Evaluate")
        .contains("- submit(answer?)");
    String compact = ToolCallFormat.compactInstructions(r.specs());
    assertThat(compact)
        .startsWith("Tools: submit(answer?), calc(expr).\n")
        .hasSizeLessThan(ToolCallFormat.instructions(r.specs()).length() / 3);
    List<ToolCall> example = ToolCallParser.parse(compact, "c");
    assertThat(example).as("the example is a call the parser accepts").hasSize(1);
    assertThat(example.get(0).getToolName()).isEqualTo("calc");
    assertThat(example.get(0).getArgumentsMap()).containsOnlyKeys("expr");
  }

  @Test
  void readFileRangesAndCap() throws Exception {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 2000; i++) {
      b.append("line ").append(i).append('\n');
    }
    Files.writeString(sandbox.workDir().resolve("long.txt"), b);
    ToolResult range =
        call("read_file", Map.of("path", "long.txt", "start_line", "3", "end_line", "4"));
    assertThat(range.getStdout()).isEqualTo("line 3\nline 4\n");
    ToolResult capped = call("read_file", Map.of("path", "long.txt"));
    assertThat(capped.getStatus()).isEqualTo(ToolStatus.TOOL_STATUS_OUTPUT_TRUNCATED);
    assertThat(capped.getStdout()).startsWith("line 1\n").contains("read on with start_line=");
    assertThat(capped.getStdout().length()).isLessThanOrEqualTo(4096);
    Files.write(sandbox.workDir().resolve("bin"), new byte[] {1, 0, 2});
    assertThat(call("read_file", Map.of("path", "bin")).getStderr()).contains("binary file");
  }
}
