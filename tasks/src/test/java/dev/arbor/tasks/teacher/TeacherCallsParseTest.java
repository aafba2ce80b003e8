package dev.arbor.tasks.teacher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.proto.v1.ToolCall;
import dev.arbor.tasks.Resources;
import dev.arbor.tasks.suite.Split;
import dev.arbor.tasks.suite.arithmetic.Level;
import dev.arbor.tasks.suite.arithmetic.ProblemGenerator;
import dev.arbor.tasks.tools.ToolCallParser;
import dev.arbor.tasks.tools.ToolRegistry;
import dev.arbor.tasks.tools.ToolSpec;
import dev.arbor.tree.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Teacher trajectories are written with {@code dev.arbor.tasks.ToolCallFormat} and the agent's
 * calls are read with {@link ToolCallParser}: every call a teacher makes (the stored mini-swe
 * episodes and generated arithmetic ones) must parse back to the same name and arguments, and fit
 * the real tool's parameters (required ones present, no unknown ones), or supervised episodes would
 * teach calls the tools reject.
 */
class TeacherCallsParseTest {
  private static final Map<String, ToolSpec> SPECS =
      ToolRegistry.standard().specs().stream()
          .collect(Collectors.toMap(ToolSpec::name, Function.identity()));

  @Test
  void storedMiniSweEpisodesParseWithTheToolsParser() throws Exception {
    var stored = TeacherStore.readByTask(Resources.miniSwe().resolve(TeacherStore.FILE_NAME));
    assertThat(stored).isNotEmpty();
    stored.values().forEach(TeacherCallsParseTest::check);
  }

  @Test
  void generatedArithmeticEpisodesParseWithTheToolsParser() {
    for (Level level : Level.BUILT_IN) {
      for (int i = 0; i < 5; i++) {
        var problem = ProblemGenerator.generate(level, Split.TRAIN, i);
        check(ArithmeticTeacher.generate(problem, false));
        check(ArithmeticTeacher.generate(problem, true));
      }
    }
  }

  private static void check(TeacherTrajectory t) {
    List<TextSegment> calls = new ArrayList<>();
    t.segments().stream().filter(s -> s.role() == Role.TOOL_CALL).forEach(calls::add);
    assertThat(calls).as(t.taskId()).isNotEmpty();
    for (TextSegment s : calls) {
      List<ToolCall> parsed = ToolCallParser.parse(s.text(), t.taskId());
      assertThat(parsed).as("%s: %s", t.taskId(), s.text()).hasSameSizeAs(s.calls());
      for (int i = 0; i < parsed.size(); i++) {
        ToolCall p = parsed.get(i);
        TeacherCall c = s.calls().get(i);
        assertThat(p.getArgumentsMap())
            .as("%s: %s", t.taskId(), p.getRawText())
            .doesNotContainKey(ToolCallParser.ERROR_ARGUMENT)
            .isEqualTo(c.arguments());
        assertThat(p.getToolName()).isEqualTo(c.name());
        ToolSpec spec = SPECS.get(c.name());
        assertThat(spec).as("no tool '%s' (%s)", c.name(), t.taskId()).isNotNull();
        Set<String> known =
            spec.params().stream().map(ToolSpec.Param::name).collect(Collectors.toSet());
        assertThat(known)
            .as("%s: arguments of %s", t.taskId(), c.name())
            .containsAll(c.arguments().keySet());
        spec.params().stream()
            .filter(ToolSpec.Param::required)
            .forEach(
                r ->
                    assertThat(c.arguments())
                        .as("%s: %s needs %s", t.taskId(), c.name(), r.name())
                        .containsKey(r.name()));
      }
    }
  }
}
