package dev.arbor.trainer.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.trainer.tokenizer.ByteTokenizer;
import dev.arbor.trainer.tokenizer.Tokenizer;
import dev.arbor.tree.Role;
import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class EpisodeFormatTest {
  static final ByteTokenizer BYTES = new ByteTokenizer();
  static final EpisodeFormat FORMAT = new EpisodeFormat(BYTES);
  static final String SYSTEM = "Tools: calc(expr), submit(answer)\n";

  static final String CALL_3_4 =
      "<tool_call>{\"name\": \"calc\", \"arguments\": {\"expr\": \"3+4\"}}</tool_call>";
  static final String CALL_2_5 =
      "<tool_call>{\"name\": \"calc\", \"arguments\": {\"expr\": \"2*5\"}}</tool_call>";
  static final String SUBMIT =
      "<tool_call>{\"name\": \"submit\", \"arguments\": {\"answer\": \"17\"}}</tool_call>";

  /** An arithmetic-like teacher episode: a parallel turn, a single-call turn, submit. */
  static TextEpisode teacher(String id) {
    return TextEpisode.of(
        id,
        List.of(
            new TextEpisode.Part(Role.MODEL, "Ana gets 4 more: 3+4. Bo has 2 bags of 5: 2*5."),
            new TextEpisode.Part(Role.TOOL_CALL, CALL_3_4 + "\n" + CALL_2_5),
            new TextEpisode.Part(
                Role.TOOL_RESULT,
                "<tool_result name=\"calc\" status=\"ok\">\n7\n</tool_result>\n"
                    + "<tool_result name=\"calc\" status=\"ok\">\n10\n</tool_result>"),
            new TextEpisode.Part(
                Role.TOOL_CALL,
                SUBMIT.replace("submit", "calc").replace("answer", "expr").replace("17", "7+10")),
            new TextEpisode.Part(
                Role.TOOL_RESULT, "<tool_result name=\"calc\" status=\"ok\">\n17\n</tool_result>"),
            new TextEpisode.Part(Role.MODEL, "The answer is 17."),
            new TextEpisode.Part(Role.TOOL_CALL, SUBMIT)));
  }

  @Test
  void promptPutsTheSystemPartFirst() {
    int[] p = FORMAT.prompt(SYSTEM, "Ana has 3.");
    assertThat(p[0]).isEqualTo(ByteTokenizer.BOS);
    assertThat(BYTES.decode(p)).isEqualTo("<bos>" + SYSTEM + "<turn>Ana has 3.<turn>");
    int[] q = FORMAT.prompt(SYSTEM, "Bo has 2.");
    int common = 0;
    while (p[common] == q[common]) {
      common++;
    }
    assertThat(common).isGreaterThan(SYSTEM.length());
  }

  @Test
  void aTeacherEpisodeTokenisesIntoAlternatingSegments() {
    Trajectory t = FORMAT.tokenize(SYSTEM, "Ana has 3 ...", teacher("t1"));
    assertThat(t.segments())
        .extracting(Segment::role)
        .containsExactly(
            Role.PROMPT,
            Role.MODEL,
            Role.TOOL_CALL,
            Role.TOOL_RESULT,
            Role.TOOL_CALL,
            Role.TOOL_RESULT,
            Role.MODEL,
            Role.TOOL_CALL);
    assertThat(BYTES.decode(t.segments().get(1).tokens()))
        .isEqualTo("Ana gets 4 more: 3+4. Bo has 2 bags of 5: 2*5.\n");
    int[] call = t.segments().get(2).tokens();
    assertThat(call[0]).isEqualTo(ByteTokenizer.TOOL_CALL);
    assertThat(call[call.length - 1]).isEqualTo(ByteTokenizer.TURN);
    assertThat(BYTES.decode(call)).isEqualTo(CALL_3_4 + "\n" + CALL_2_5 + "<turn>");
    int[] result = t.segments().get(3).tokens();
    assertThat(BYTES.decode(result)).endsWith("</tool_result><turn>");
    assertThat(t.segments().get(7).tokens()[t.segments().get(7).length() - 1])
        .isEqualTo(ByteTokenizer.TURN);
    assertThat(t.reward()).isEqualTo(1.0);
    assertThat(t.segments().get(1).version(0)).isZero();
  }

  @Test
  void aFinalTurnWithoutCallsEndsWithEos() {
    Trajectory t =
        FORMAT.tokenize(
            SYSTEM, "q", TextEpisode.of("t", List.of(new TextEpisode.Part(Role.MODEL, "17"))));
    int[] last = t.segments().get(1).tokens();
    assertThat(last[last.length - 1]).isEqualTo(ByteTokenizer.EOS);
    assertThat(FORMAT.turnText(last)).isEqualTo("17");
  }

  @Test
  void malformedEpisodesAreRejectedNamingThePart() {
    assertThatThrownBy(
            () ->
                TextEpisode.of(
                    "t9", List.of(new TextEpisode.Part(Role.TOOL_RESULT, "<tool_result>"))))
        .hasMessageContaining("t9, part 0")
        .hasMessageContaining("TOOL_RESULT without a TOOL_CALL");
    assertThatThrownBy(() -> new TextEpisode.Part(Role.PROMPT, "x"))
        .hasMessageContaining("not PROMPT");
  }

  @Test
  void aTokenizerWithoutTheTurnTokenFailsNamingIt() {
    Tokenizer noTurn = new WithoutToken(BYTES, "<turn>");
    assertThatThrownBy(() -> new EpisodeFormat(noTurn)).hasMessageContaining("<turn>");
    assertThatThrownBy(() -> new EpisodeFormat(new WithoutToken(BYTES, "<tool_call>")))
        .hasMessageContaining("<tool_call>");
  }

  /**
   * The teacher-equivalence invariant: a rollout whose model emits exactly the teacher's turns,
   * against environments returning the teacher's results, yields the same tokens and roles as
   * {@link EpisodeFormat#tokenize} of the teacher episode.
   */
  @Test
  void aRolloutForcedToTheTeachersTurnsEqualsTheTokenisedTeacher() throws Exception {
    String user = "Ana has 3 apples ...";
    List<TextEpisode> episodes = List.of(teacher("g-0"), teacher("g-1"));
    List<List<int[]>> scripts = new ArrayList<>();
    List<AgentEnvironment> envs = new ArrayList<>();
    List<List<String>> seen = new ArrayList<>();
    for (TextEpisode e : episodes) {
      List<int[]> script = new ArrayList<>();
      List<TextEpisode.Turn> turns = e.turns();
      for (int i = 0; i < turns.size(); i++) {
        TextEpisode.Turn t = turns.get(i);
        script.add(
            FORMAT.turnTokens(t.text(), t.calls(), i == turns.size() - 1 && t.calls().isEmpty()));
      }
      scripts.add(script);
      List<String> inputs = new ArrayList<>();
      seen.add(inputs);
      envs.add(
          new AgentEnvironment() {
            int step;

            @Override
            public Turn step(String modelTurnText) {
              inputs.add(modelTurnText);
              TextEpisode.Turn t = turns.get(step++);
              return new Turn(
                  t.results() == null ? "submitted" : t.results(), t.results() == null, 1);
            }

            @Override
            public Score finish() {
              return new Score(1.0, false, "correct");
            }
          });
    }
    ScriptedDecoder decoder = new ScriptedDecoder(scripts, ByteTokenizer.EOS);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      int[] prompt = FORMAT.prompt(SYSTEM, user);
      AgentRollout.Result r =
          AgentRollout.run(
              decoder,
              AgentRolloutSpec.of(FORMAT, 1.0, 512, 8, 4096),
              "task",
              "g",
              prompt,
              envs,
              pool);
      assertThat(decoder.live()).isZero();
      for (int k = 0; k < episodes.size(); k++) {
        Trajectory rolled = r.trajectories().get(k);
        Trajectory taught = FORMAT.tokenize(SYSTEM, user, episodes.get(k));
        assertThat(rolled.segments())
            .extracting(Segment::role)
            .isEqualTo(taught.segments().stream().map(Segment::role).toList());
        for (int i = 0; i < taught.segments().size(); i++) {
          assertThat(rolled.segments().get(i).tokens())
              .as("segment %d", i)
              .isEqualTo(taught.segments().get(i).tokens());
        }
        assertThat(rolled.reward()).isEqualTo(1.0);
        TextEpisode.Turn first = episodes.get(k).turns().get(0);
        assertThat(seen.get(k).get(0)).isEqualTo(first.text() + "\n" + first.calls());
      }
      assertThat(r.stats().turns()).isEqualTo(6);
      assertThat(r.stats().steps()).isEqualTo(6);
    } finally {
      pool.shutdownNow();
    }
  }

  /** A tokenizer that lacks one special token. */
  private record WithoutToken(ByteTokenizer inner, String missing) implements Tokenizer {
    @Override
    public int[] encode(String text) {
      return inner.encode(text);
    }

    @Override
    public String decode(int[] ids) {
      return inner.decode(ids);
    }

    @Override
    public int vocabSize() {
      return inner.vocabSize();
    }

    @Override
    public OptionalInt bosId() {
      return inner.bosId();
    }

    @Override
    public OptionalInt eosId() {
      return inner.eosId();
    }

    @Override
    public OptionalInt padId() {
      return inner.padId();
    }

    @Override
    public OptionalInt tokenId(String token) {
      return token.equals(missing) ? OptionalInt.empty() : inner.tokenId(token);
    }

    @Override
    public void saveTo(Path dir) {}
  }
}
