package dev.arbor.actors.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.actors.teacher.TeacherEpisodes;
import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tasks.suite.Split;
import dev.arbor.tasks.suite.arithmetic.ArithmeticEnvironment;
import dev.arbor.tasks.suite.arithmetic.ArithmeticProblem;
import dev.arbor.tasks.suite.arithmetic.ArithmeticSuite;
import dev.arbor.tasks.teacher.ArithmeticTeacher;
import dev.arbor.trainer.agent.AgentEnvironment;
import dev.arbor.trainer.agent.EpisodeFormat;
import dev.arbor.trainer.agent.TextEpisode;
import dev.arbor.trainer.tokenizer.ByteTokenizer;
import dev.arbor.tree.Role;
import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Teacher episodes of the arithmetic suite, tokenised by the trainer's {@link EpisodeFormat}, hold
 * exactly the tokens the real environment (through the reference adapter) returns for the model
 * turns they contain; and all tasks of the suite share the system prompt.
 */
class ArithmeticAgentTest {
  private static final EpisodeFormat FORMAT = new EpisodeFormat(new ByteTokenizer());

  @Test
  void tokenisedTeacherResultsAreWhatTheEnvironmentReturnsForItsTurns() throws Exception {
    List<ArithmeticProblem> problems =
        ArithmeticSuite.builder()
            .optLevels(1, 2, 3)
            .optTrainPerLevel(20)
            .build()
            .problems(Split.TRAIN);
    String system = null;
    for (ArithmeticProblem p : problems) {
      TaskSpec task = ArithmeticSuite.toTask(p);
      EnvironmentAgentAdapter env =
          new EnvironmentAgentAdapter(new ArithmeticEnvironment(), task, p.id());
      system = system == null ? env.observation().system() : system;
      assertThat(env.observation().system()).isEqualTo(system);
      TextEpisode episode = TeacherEpisodes.text(ArithmeticTeacher.generate(p, p.level() % 2 == 0));
      Trajectory t = FORMAT.tokenize(system, env.observation().user(), episode);
      List<Segment> segs = t.segments();
      List<Integer> turn = new ArrayList<>();
      AgentEnvironment.Turn last = null;
      for (int i = 1; i < segs.size(); i++) {
        Segment s = segs.get(i);
        if (s.role() == Role.TOOL_RESULT) {
          last = env.step(FORMAT.turnText(toArray(turn)));
          assertThat(s.tokens()).as(p.id()).isEqualTo(FORMAT.resultTokens(last.resultsText()));
          assertThat(last.done()).isFalse();
          turn.clear();
        } else {
          for (int x : s.tokens()) {
            turn.add(x);
          }
        }
      }
      last = env.step(FORMAT.turnText(toArray(turn)));
      assertThat(last.done()).as(p.id()).isTrue();
      assertThat(env.finish().reward()).as(p.id()).isEqualTo(1.0);
    }
  }

  private static int[] toArray(List<Integer> tokens) {
    return tokens.stream().mapToInt(Integer::intValue).toArray();
  }
}
