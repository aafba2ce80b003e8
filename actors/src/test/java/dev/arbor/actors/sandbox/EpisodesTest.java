package dev.arbor.actors.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tasks.InfraFailure;
import dev.arbor.tasks.env.Environment;
import org.junit.jupiter.api.Test;

class EpisodesTest {
  static final byte[] TASK =
      TaskSpec.newBuilder()
          .setId("t1")
          .setInstruction("add")
          .setReferenceAnswer("5")
          .build()
          .toByteArray();

  static final String CALC =
      "<tool_call>{\"name\": \"calc\", \"arguments\": {\"expr\": \"2+3\"}}</tool_call>";
  static final String SUBMIT =
      "<tool_call>{\"name\": \"submit\", \"arguments\": {\"answer\": \"5\"}}</tool_call>";

  @Test
  void runsAnEpisodeAtTheLevelOfText() {
    try (Episodes episodes = new Episodes(EnvironmentFactory.forSuite("echo"), 2)) {
      Episodes.Start start = episodes.reset("e1", TASK);
      assertThat(start.infraFailed()).isFalse();
      assertThat(start.user()).startsWith("add");

      Episodes.Turn turn = episodes.step("e1", "Let me compute.\n" + CALC + "\n" + CALC);
      assertThat(turn.text().split("\n<tool_result")).hasSize(2);
      assertThat(turn.text()).contains("calc {expr=2+3}").contains("status=\"ok\"");
      assertThat(turn.done()).isFalse();

      assertThat(episodes.step("e1", SUBMIT).done()).isTrue();
      Episodes.End end = episodes.finish("e1");
      assertThat(end.reward()).isEqualTo(1.0);
      assertThat(end.infraFailed()).isFalse();
      assertThat(episodes.openEpisodes()).isZero();
    }
  }

  @Test
  void unknownEpisodesComeBackInfraFailed() {
    try (Episodes episodes = new Episodes(EnvironmentFactory.forSuite("echo"), 1)) {
      Episodes.Turn turn = episodes.step("lost", CALC);
      assertThat(turn.infraFailed()).isTrue();
      assertThat(turn.done()).isTrue();
      assertThat(episodes.finish("lost").infraFailed()).isTrue();
      assertThat(episodes.finish("lost").details()).contains("restarted");
    }
  }

  @Test
  void aTaskThatCannotBeSetUpIsInfraFailed() {
    EnvironmentFactory broken =
        new EnvironmentFactory() {
          @Override
          public String suite() {
            return "broken";
          }

          @Override
          public Environment create() {
            return new EchoEnvironment() {
              @Override
              public dev.arbor.tasks.env.Observation reset(TaskSpec t) {
                throw new InfraFailure("snapshot missing");
              }
            };
          }
        };
    try (Episodes episodes = new Episodes(broken, 1)) {
      Episodes.Start s = episodes.reset("e1", TASK);
      assertThat(s.infraFailed()).isTrue();
      assertThat(s.error()).contains("snapshot missing");
      assertThat(episodes.openEpisodes()).isZero();
    }
  }

  @Test
  void slotsAndSuitesAreChecked() {
    try (Episodes episodes = new Episodes(EnvironmentFactory.forSuite("echo"), 1)) {
      episodes.reset("e1", TASK);
      assertThatThrownBy(() -> episodes.reset("e2", TASK)).hasMessageContaining("busy");
    }
    assertThatThrownBy(() -> EnvironmentFactory.forSuite("nope"))
        .hasMessageContaining("'nope'")
        .hasMessageContaining("echo");
  }
}
