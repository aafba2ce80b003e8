package dev.arbor.tasks.teacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.proto.v1.ToolResult;
import dev.arbor.tasks.suite.Split;
import dev.arbor.tasks.suite.arithmetic.ArithmeticSuite;
import dev.arbor.tree.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeacherStoreTest {

  private static TeacherTrajectory codeEpisode() {
    Map<String, String> write = new LinkedHashMap<>();
    write.put("path", "src/a.py");
    write.put("content", "print(\"héllo 🚀\")\r\n");
    return new TeacherTrajectory(
        "t-1",
        "mini-swe",
        TeacherTrajectory.GOLD_PATCH,
        List.of(
            TextSegment.text(Role.PROMPT, "Fix it\n"),
            TextSegment.text(Role.MODEL, "Writing."),
            TextSegment.calls(
                List.of(
                    new TeacherCall("call-1", "write_file", write),
                    TeacherCall.of("call-2", "read_file", "path", "b.py"))),
            TextSegment.results(
                List.of(
                    ToolResult.newBuilder().setToolName("write_file").setStdout("ok").build(),
                    ToolResult.newBuilder().setToolName("read_file").setStdout("x = 1\n").build())),
            TextSegment.calls(List.of(new TeacherCall("call-3", "submit", Map.of())))));
  }

  @Test
  void roundTripsKeepingArgumentOrderAndText(@TempDir Path dir) throws Exception {
    List<TeacherTrajectory> ts =
        new java.util.ArrayList<>(
            ArithmeticSuite.builder()
                .optLevels(1, 4)
                .optTrainPerLevel(3)
                .build()
                .problems(Split.TRAIN)
                .stream()
                .map(p -> ArithmeticTeacher.generate(p, true))
                .toList());
    ts.add(codeEpisode());
    Path file = dir.resolve(TeacherStore.FILE_NAME);
    TeacherStore.write(file, ts);
    assertThat(Files.readAllLines(file)).hasSize(ts.size());
    List<TeacherTrajectory> back = TeacherStore.read(file);
    assertThat(back).isEqualTo(ts);
    assertThat(back.get(back.size() - 1).segments().get(2).text())
        .startsWith(
            "<tool_call>{\"name\": \"write_file\", \"arguments\": {\"path\": \"src/a.py\","
                + " \"content\": \"print(\\\"héllo 🚀\\\")\\r\\n\"}}</tool_call>");
    assertThat(TeacherStore.readByTask(file)).containsKey("t-1");
  }

  @Test
  void readingIsStrictAndNamesFileLineAndField(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("teacher.jsonl");
    String good = TeacherStore.toJson(codeEpisode()).toString();

    Files.writeString(
        file, good + "\n" + good.replace("\"origin\"", "\"colour\":1,\"origin\"") + "\n");
    assertThatThrownBy(() -> TeacherStore.read(file))
        .hasMessageContaining("teacher.jsonl:2: unknown field 'colour'");

    Files.writeString(file, good.replace("\"MODEL\"", "\"ROBOT\""));
    assertThatThrownBy(() -> TeacherStore.read(file))
        .hasMessageContaining("teacher.jsonl:1: field 'segments[1].role' is not a Role");

    Files.writeString(
        file, good.replace("\\\"name\\\": \\\"read_file\\\"", "\\\"name\\\": \\\"list_dir\\\""));
    assertThatThrownBy(() -> TeacherStore.read(file))
        .hasMessageContaining("teacher.jsonl:1: segments[2]: the text of a TOOL_CALL segment");

    Files.writeString(file, good.replace("\"call-3\"", "\"call-1\""));
    assertThatThrownBy(() -> TeacherStore.read(file)).hasMessageContaining("call id call-1 twice");

    Files.writeString(file, good.replace("\"path\":\"b.py\"", "\"path\":5"));
    assertThatThrownBy(() -> TeacherStore.read(file))
        .hasMessageContaining("field 'segments[2].calls[1].arguments.path' must be a string");

    Files.writeString(file, "{not json");
    assertThatThrownBy(() -> TeacherStore.read(file))
        .hasMessageContaining("teacher.jsonl:1: not valid JSON");
  }

  @Test
  void segmentsCheckTheirShape() {
    assertThatThrownBy(() -> new TextSegment(Role.TOOL_CALL, "x", List.of()))
        .hasMessageContaining("at least one call");
    assertThatThrownBy(
            () ->
                new TextSegment(Role.MODEL, "x", List.of(TeacherCall.of("c", "calc", "expr", "1"))))
        .hasMessageContaining("MODEL segments carry no calls");
    assertThatThrownBy(
            () -> new TeacherTrajectory("t", "s", "o", List.of(TextSegment.text(Role.MODEL, "x"))))
        .hasMessageContaining("must start with a PROMPT");
  }
}
