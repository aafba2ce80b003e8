package dev.arbor.tasks.teacher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.proto.v1.ToolResult;
import dev.arbor.proto.v1.ToolStatus;
import dev.arbor.tasks.Resources;
import dev.arbor.tasks.ToolCallFormat;
import dev.arbor.tasks.suite.miniswe.MiniSwe;
import dev.arbor.tree.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape of mini-swe teacher episodes, with scripted tool results (no processes). */
class MiniSweTeacherTest {

  private static TaskSpec task(String id) throws Exception {
    return MiniSwe.load(Resources.miniSwe()).task(id);
  }

  private static Path repo(TaskSpec t) {
    return Path.of(t.getRepository().getLocation());
  }

  @Test
  void findsTheFailingTestFileForEachIdStyle() throws Exception {
    for (String[] c :
        new String[][] {
          {"py-roman-subtractive", "tests/test_roman.py"},
          {"py-cart-discount-twice", "tests/test_cart.py"},
          {"java-rpn-operand-order", "test/rpn/RpnTest.java"},
          {"sh-bump-resets-lower-parts", "tests/run.sh"},
        }) {
      TaskSpec t = task(c[0]);
      assertThat(MiniSweTeacher.failingTestFile(t, repo(t))).as(c[0]).contains(c[1]);
    }
    TaskSpec hidden = task("py-csv-quote-escaping");
    assertThat(MiniSweTeacher.failingTestFile(hidden, repo(hidden))).isEmpty();
  }

  @Test
  void readsThenPatchesThenRunsThenSubmits() throws Exception {
    TaskSpec t = task("py-roman-subtractive");
    List<TeacherCall> seen = new ArrayList<>();
    TeacherTrajectory e =
        MiniSweTeacher.generate(
            t,
            repo(t),
            call -> {
              seen.add(call);
              return ok(
                  call,
                  call.name().equals("run") ? "Ran 8 tests in 0.021s\n\nOK\n" : "r" + seen.size());
            });
    assertThat(e.origin()).isEqualTo(TeacherTrajectory.GOLD_PATCH);
    assertThat(e.segments().get(0).text()).isEqualTo(t.getInstruction());
    assertThat(e.segments())
        .extracting(TextSegment::role)
        .containsExactly(
            Role.PROMPT,
            Role.MODEL,
            Role.TOOL_CALL,
            Role.TOOL_RESULT,
            Role.MODEL,
            Role.TOOL_CALL,
            Role.TOOL_RESULT,
            Role.MODEL,
            Role.TOOL_CALL,
            Role.TOOL_RESULT,
            Role.MODEL,
            Role.TOOL_CALL);
    TextSegment reads = e.segments().get(2);
    assertThat(reads.calls())
        .extracting(c -> c.arguments().get("path"))
        .containsExactly("tests/test_roman.py", "roman.py");
    assertThat(e.segments().get(3).text())
        .isEqualTo(
            "<tool_result name=\"read_file\" status=\"ok\">\nr1\n</tool_result>\n"
                + "<tool_result name=\"read_file\" status=\"ok\">\nr2\n</tool_result>");
    assertThat(e.patches()).containsExactly(t.getGoldPatch());
    assertThat(e.segments().get(4).text()).contains("to_roman ignores subtractive notation");
    assertThat(e.segments().get(8).calls().get(0).arguments())
        .containsEntry(ToolCallFormat.COMMAND, t.getTestCommands(0));
    assertThat(e.segments().get(9).text()).contains("Ran 8 tests in 0.000s");
    assertThat(e.toolCalls().get(e.toolCalls().size() - 1).name()).isEqualTo("submit");
    assertThat(seen).extracting(TeacherCall::name).doesNotContain("submit");
  }

  private static ToolResult ok(TeacherCall call, String stdout) {
    return ToolResult.newBuilder()
        .setCallId(call.id())
        .setToolName(call.name())
        .setStatus(ToolStatus.TOOL_STATUS_OK)
        .setStdout(stdout)
        .build();
  }
}
