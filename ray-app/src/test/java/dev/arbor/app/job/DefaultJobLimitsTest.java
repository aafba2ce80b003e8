package dev.arbor.app.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.actors.teacher.TeacherEpisodes;
import dev.arbor.tasks.suite.Split;
import dev.arbor.tasks.suite.arithmetic.ArithmeticProblem;
import dev.arbor.tasks.suite.arithmetic.ArithmeticSuite;
import dev.arbor.trainer.agent.EpisodeFormat;
import dev.arbor.trainer.tokenizer.ByteTokenizer;
import dev.arbor.tree.Role;
import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped job's rollout limits leave room for every teacher episode of its levels: a limit that
 * cuts the solution short makes every episode of a level fail whatever the policy does, so RL gets
 * no signal from it (it happened: 400 episode tokens cut every level-2 episode inside its final
 * submit call).
 */
class DefaultJobLimitsTest {
  /** Sampled episodes run longer than the teacher's; the limits must leave this much room. */
  private static final double HEADROOM = 1.25;

  @Test
  void everyTeacherEpisodeFitsTheRolloutLimitsWithRoom() {
    JobConfig job = JobConfigReader.read(JobConfigReaderTest.shipped());
    RolloutConfig r = job.rollout();
    ArithmeticSuite suite =
        ArithmeticSuite.builder()
            .optLevels(job.suite().levels().stream().mapToInt(Integer::intValue).toArray())
            .build();
    TeacherEpisodes teacher = new TeacherEpisodes(new EpisodeFormat(new ByteTokenizer()));
    List<ArithmeticProblem> problems = new ArrayList<>(suite.problems(Split.TRAIN));
    problems.addAll(suite.problems(Split.TEST));
    int maxEpisode = 0;
    int maxTurns = 0;
    int maxTurnTokens = 0;
    for (ArithmeticProblem p : problems) {
      Trajectory t = teacher.arithmetic(p);
      int episode = 0;
      int turns = 0;
      int turn = 0;
      for (Segment s : t.segments()) {
        if (s.role() == Role.PROMPT) {
          continue;
        }
        episode += s.length();
        if (s.role() == Role.MODEL) {
          turns++;
          turn = s.length();
        } else if (s.role() == Role.TOOL_CALL) {
          maxTurnTokens = Math.max(maxTurnTokens, turn + s.length());
        }
      }
      maxEpisode = Math.max(maxEpisode, episode);
      maxTurns = Math.max(maxTurns, turns);
    }
    assertThat(r.maxEpisodeTokens())
        .as("max_episode_tokens vs the longest teacher episode (%d tokens)", maxEpisode)
        .isGreaterThanOrEqualTo((int) Math.ceil(maxEpisode * HEADROOM));
    assertThat(r.maxNewTokens())
        .as("max_new_tokens vs the longest teacher turn (%d tokens)", maxTurnTokens)
        .isGreaterThanOrEqualTo((int) Math.ceil(maxTurnTokens * HEADROOM));
    assertThat(r.maxTurns())
        .as("max_turns vs the most turns of a teacher episode (%d)", maxTurns)
        .isGreaterThan(maxTurns);
  }
}
