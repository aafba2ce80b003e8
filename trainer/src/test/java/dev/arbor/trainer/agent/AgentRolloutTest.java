package dev.arbor.trainer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.arbor.trainer.forward.AttentionKind;
import dev.arbor.trainer.forward.Forward;
import dev.arbor.trainer.forward.TokenScores;
import dev.arbor.trainer.generate.Generator;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.trainer.tokenizer.ByteTokenizer;
import dev.arbor.tree.Role;
import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryStatus;
import dev.arbor.tree.pack.FlatSequence;
import dev.arbor.tree.pack.PackedTree;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Agent rollouts with a random tiny Qwen2 whose embeddings favour {@code <tool_call>} and {@code
 * <turn>} (so that random episodes have several turns) against scripted fake environments.
 */
class AgentRolloutTest {
  private static final Qwen2Config CONFIG = Qwen2Config.named("tiny");
  private static final EpisodeFormat FORMAT = new EpisodeFormat(new ByteTokenizer());
  private static final ExecutorService POOL = Executors.newFixedThreadPool(3);
  private static final int G = 8;
  private static final int FAILING = 2;

  @AfterAll
  static void stopPool() {
    POOL.shutdownNow();
  }

  /**
   * A random model whose residual stream carries a large constant in dimension 0 (every token
   * embedding has it), so the final hidden state's dimension 0 is large and positive; the tied
   * output rows of TOOL_CALL and TURN get extra weight there, which raises their logits by a few
   * nats.
   */
  static Qwen2Model agentish(long seed, NDManager root) {
    Qwen2Model model = Qwen2Model.random(CONFIG, seed, root);
    NDArray e = model.parameters().get("model.embed_tokens.weight");
    int d = CONFIG.hiddenSize();
    float[] v = e.toFloatArray();
    for (int t = 0; t < CONFIG.vocabSize(); t++) {
      v[t * d] = 1f;
    }
    v[ByteTokenizer.TOOL_CALL * d] = 1.5f;
    v[ByteTokenizer.TURN * d] = 1.35f;
    e.set(FloatBuffer.wrap(v));
    return model;
  }

  /** A fake environment: done after {@code steps} steps, or throws at step {@code failAt}. */
  static final class FakeEnv implements AgentEnvironment {
    final int steps;
    final int failAt;
    final List<String> inputs = Collections.synchronizedList(new ArrayList<>());
    final List<String> outputs = Collections.synchronizedList(new ArrayList<>());

    FakeEnv(int steps, int failAt) {
      this.steps = steps;
      this.failAt = failAt;
    }

    @Override
    public Turn step(String text) {
      inputs.add(text);
      if (inputs.size() == failAt) {
        throw new IllegalStateException("sandbox died");
      }
      String out =
          "<tool_result name=\"calc\" status=\"ok\">\n" + inputs.size() + "\n</tool_result>";
      outputs.add(out);
      int calls = text.split("<tool_call>", -1).length - 1;
      return new Turn(out, inputs.size() >= steps, calls);
    }

    @Override
    public Score finish() {
      return new Score(inputs.size() / 10.0, false, "steps");
    }
  }

  static List<FakeEnv> envs() {
    List<FakeEnv> envs = new ArrayList<>();
    for (int k = 0; k < G; k++) {
      envs.add(new FakeEnv(2 + k % 3, k == FAILING ? 1 : -1));
    }
    return envs;
  }

  static AgentRollout.Result run(
      Qwen2Model model, AgentRolloutSpec spec, List<FakeEnv> envs, NDManager root) {
    try (Generator gen = new Generator(model, root)) {
      int[] prompt = FORMAT.prompt("Tools: calc, submit\n", "What is 3+4?");
      AgentRollout.Result r =
          AgentRollout.run(gen, spec, "task", "g", prompt, List.copyOf(envs), POOL);
      assertThat(gen.liveSequences()).as("sequences released").isZero();
      return r;
    }
  }

  static AgentRolloutSpec spec(long seed) {
    return AgentRolloutSpec.of(FORMAT, 1.0, 40, 4, 400).withSeed(seed).withVersion(2);
  }

  @Test
  void episodesAlternateTurnsAndResultsAndRecordPolicyLogprobs() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = agentish(41, root)) {
      List<FakeEnv> envs = envs();
      AgentRollout.Result r = run(model, spec(3), envs, root);
      List<Trajectory> ts = r.trajectories();
      assertThat(ts).hasSize(G);
      assertThat(r.tree().trajectories()).isEqualTo(ts);
      int multiTurn = 0;
      for (int k = 0; k < G; k++) {
        Trajectory t = ts.get(k);
        FakeEnv env = envs.get(k);
        assertThat(t.id()).isEqualTo("g-" + k);
        checkLayout(t, env);
        if (k == FAILING && !env.inputs.isEmpty()) {
          assertThat(t.status()).isEqualTo(TrajectoryStatus.INFRA_FAILED);
          assertThat(t.reward()).isZero();
        } else {
          assertThat(t.status()).isNotEqualTo(TrajectoryStatus.INFRA_FAILED);
          assertThat(t.reward()).isEqualTo(env.inputs.size() / 10.0);
        }
        multiTurn += env.outputs.size() >= 2 ? 1 : 0;
      }
      assertThat(multiTurn).as("episodes with two results or more").isGreaterThan(0);
      assertThat(envs.get(FAILING).inputs).as("the failing episode called a tool").isNotEmpty();
      assertThat(r.stats().episodes()).isEqualTo(G);
      assertThat(r.stats().infraFailed()).isEqualTo(1);
      assertThat(r.stats().generatedTokens())
          .isEqualTo(ts.stream().mapToLong(Trajectory::generatedLength).sum());
      checkLogprobs(model, r, root);
    }
  }

  @Test
  void groupsRolledOutTogetherEqualEachGroupAlone() {
    String[] questions = {"What is 3+4?", "What is 12*7 - 5?", "Share 9 among 3."};
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = agentish(41, root)) {
      List<AgentRollout.Result> alone = new ArrayList<>();
      List<AgentRollout.Group> groups = new ArrayList<>();
      for (int g = 0; g < questions.length; g++) {
        int[] prompt = FORMAT.prompt("Tools: calc, submit\n", questions[g]);
        try (Generator gen = new Generator(model, root)) {
          alone.add(
              AgentRollout.run(
                  gen, spec(10 + g), "t" + g, "g" + g, prompt, List.copyOf(envs()), POOL));
        }
        groups.add(new AgentRollout.Group("t" + g, "g" + g, prompt, List.copyOf(envs()), 10 + g));
      }
      List<AgentRollout.Result> together;
      try (Generator gen = new Generator(model, root)) {
        together = AgentRollout.runGroups(gen, spec(0), groups, POOL);
        assertThat(gen.liveSequences()).as("sequences released").isZero();
      }
      assertThat(together).hasSize(questions.length);
      for (int g = 0; g < questions.length; g++) {
        List<Trajectory> a = alone.get(g).trajectories();
        List<Trajectory> b = together.get(g).trajectories();
        assertThat(b).hasSize(G);
        for (int k = 0; k < G; k++) {
          assertThat(b.get(k).id()).isEqualTo("g" + g + "-" + k);
          assertThat(b.get(k).taskId()).isEqualTo("t" + g);
          assertThat(b.get(k).status()).isEqualTo(a.get(k).status());
          assertThat(b.get(k).reward()).isEqualTo(a.get(k).reward());
          assertThat(tokens(b.get(k))).as("group %d episode %d", g, k).isEqualTo(tokens(a.get(k)));
        }
        AgentRollout.Stats sa = alone.get(g).stats();
        AgentRollout.Stats sb = together.get(g).stats();
        assertThat(sb.turns()).isEqualTo(sa.turns());
        assertThat(sb.toolCalls()).isEqualTo(sa.toolCalls());
        assertThat(sb.generatedTokens()).isEqualTo(sa.generatedTokens());
        assertThat(sb.infraFailed()).isEqualTo(1);
      }
    }
  }

  private static List<Integer> tokens(Trajectory t) {
    List<Integer> out = new ArrayList<>();
    for (Segment s : t.segments()) {
      for (int id : s.tokens()) {
        out.add(id);
      }
    }
    return out;
  }

  /** Roles alternate; TOOL_RESULT tokens are the environment's text; the env saw each turn. */
  private static void checkLayout(Trajectory t, FakeEnv env) {
    List<Segment> s = t.segments();
    assertThat(s.get(0).role()).isEqualTo(Role.PROMPT);
    int results = 0;
    int turnsSeen = 0;
    StringBuilder turn = new StringBuilder();
    for (int i = 1; i < s.size(); i++) {
      Segment seg = s.get(i);
      int[] tok = seg.tokens();
      switch (seg.role()) {
        case MODEL -> {
          assertThat(s.get(i - 1).role()).isIn(Role.PROMPT, Role.TOOL_RESULT, Role.TOOL_CALL);
          assertThat(tok).doesNotContain(ByteTokenizer.TOOL_CALL);
          assertThat(seg.version(0)).isEqualTo(2);
          turn.append(FORMAT.tokenizer().decode(tok));
        }
        case TOOL_CALL -> {
          assertThat(tok[0]).isEqualTo(ByteTokenizer.TOOL_CALL);
          turn.append(FORMAT.tokenizer().decode(tok));
        }
        case TOOL_RESULT -> {
          assertThat(s.get(i - 1).role()).isEqualTo(Role.TOOL_CALL);
          int[] last = s.get(i - 1).tokens();
          assertThat(last[last.length - 1]).isEqualTo(ByteTokenizer.TURN);
          assertThat(tok).isEqualTo(FORMAT.resultTokens(env.outputs.get(results)));
          String text = turn.toString();
          assertThat(env.inputs.get(turnsSeen++))
              .isEqualTo(text.substring(0, text.length() - "<turn>".length()));
          turn.setLength(0);
          results++;
        }
        default -> throw new AssertionError(seg.role());
      }
    }
    // The last step's results are not appended when it ended the episode (done or a limit).
    assertThat(results).isIn(env.outputs.size(), env.outputs.size() - 1);
    if (env.outputs.size() >= env.steps) {
      assertThat(results).isEqualTo(env.outputs.size() - 1);
    }
  }

  /** Recorded policy log-probs equal the packed trainer forward (temperature 1) within 1e-4. */
  private static void checkLogprobs(Qwen2Model model, AgentRollout.Result r, NDManager root) {
    PackedTree packed = PackedTree.of(r.tree());
    try (NDManager m = root.newSubManager()) {
      TokenScores scores = Forward.packed(model, packed, AttentionKind.DENSE, m);
      float[] lp = scores.logprobs().toFloatArray();
      int checked = 0;
      for (int k = 0; k < packed.trajectoryCount(); k++) {
        FlatSequence flat = FlatSequence.of(packed, k);
        for (int i = 0; i < flat.length(); i++) {
          int at = flat.packedIndex()[i];
          if (packed.role(at).generated()) {
            assertThat(Math.abs(lp[at] - flat.logprobs()[i]))
                .as("k=%d i=%d", k, i)
                .isLessThan(1e-4f);
            checked++;
          }
        }
      }
      assertThat(checked).isGreaterThan(20);
    }
  }

  @Test
  void sameSeedSameEpisodes() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = agentish(42, root)) {
      List<Trajectory> a = run(model, spec(9), envs(), root).trajectories();
      assertThat(run(model, spec(9), envs(), root).trajectories()).isEqualTo(a);
      assertThat(run(model, spec(10), envs(), root).trajectories()).isNotEqualTo(a);
    }
  }

  @Test
  void tokenAndTurnLimitsTruncate() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = agentish(43, root)) {
      List<FakeEnv> never = new ArrayList<>();
      for (int k = 0; k < G; k++) {
        never.add(new FakeEnv(Integer.MAX_VALUE, -1));
      }
      AgentRollout.Result r =
          run(model, AgentRolloutSpec.of(FORMAT, 1.0, 40, 4, 30).withSeed(1), never, root);
      for (Trajectory t : r.trajectories()) {
        assertThat(t.length() - t.segments().get(0).length()).isLessThanOrEqualTo(30);
        boolean endedByModel = endsWith(t, ByteTokenizer.EOS) || !hasCall(lastTurn(t));
        assertThat(t.status())
            .as(t.id())
            .isEqualTo(endedByModel ? TrajectoryStatus.OK : TrajectoryStatus.TRUNCATED);
      }
      assertThat(r.stats().truncated()).isGreaterThan(0);

      AgentRollout.Result oneTurn =
          run(model, AgentRolloutSpec.of(FORMAT, 1.0, 40, 1, 400).withSeed(1), never, root);
      for (Trajectory t : oneTurn.trajectories()) {
        assertThat(t.segments()).extracting(Segment::role).doesNotContain(Role.TOOL_RESULT);
      }
      assertThat(oneTurn.stats().turns()).isEqualTo(G);
    }
  }

  private static boolean endsWith(Trajectory t, int token) {
    Segment last = t.segments().get(t.segments().size() - 1);
    return last.token(last.length() - 1) == token;
  }

  private static List<Segment> lastTurn(Trajectory t) {
    List<Segment> s = t.segments();
    int i = s.size() - 1;
    while (i > 0
        && s.get(i).role().generated()
        && s.get(i - 1).role().generated()
        && s.get(i).role() == Role.TOOL_CALL) {
      i--;
    }
    return s.subList(i, s.size());
  }

  private static boolean hasCall(List<Segment> turn) {
    return turn.stream().anyMatch(x -> x.role() == Role.TOOL_CALL);
  }
}
