package dev.arbor.trainer.agent;

import dev.arbor.trainer.generate.SamplingParams;
import dev.arbor.trainer.tokenizer.Tokenizer;
import dev.arbor.tree.Role;
import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The token layout of a multi-turn agent episode, shared by rollouts ({@link AgentRollout}) and
 * supervised teacher episodes ({@link #tokenize}), so both train on the same sequences:
 *
 * <pre>
 * PROMPT       [BOS] system [TURN] user [TURN]
 * MODEL        free text of the turn ("\n" before its calls)         } one model turn,
 * TOOL_CALL    &lt;tool_call&gt;{json}&lt;/tool_call&gt;\n&lt;tool_call&gt;...  [TURN]   } generated
 * TOOL_RESULT  results text [TURN]
 * MODEL ...    (further turns)
 * </pre>
 *
 * The system part comes first so that every task of a suite shares the longest possible prefix (a
 * trajectory tree merges it once). A model turn ends with {@code [TURN]}; {@code [EOS]} instead
 * ends the episode. Its tokens before the first {@code <tool_call>} token are a MODEL segment
 * (omitted when empty), the rest through the terminator a TOOL_CALL segment; both are trainable.
 * Tool results are context: {@code encode(resultsText) + [TURN]}.
 *
 * <p>Works with any {@link Tokenizer} that has single tokens for {@code <bos>} (its {@link
 * Tokenizer#bosId()}), {@code <eos>} ({@link Tokenizer#eosId()}), {@value #CALL}, {@value
 * #CALL_END} and {@value #TURN}, such as the byte tokenizer; construction fails naming the one
 * missing. Results are encoded with {@link Tokenizer#encode}, which maps special-token text inside
 * a tool's output to the special token (the byte tokenizer's {@code encodeLiteral} would not).
 */
public final class EpisodeFormat {
  public static final String CALL = "<tool_call>";
  public static final String CALL_END = "</tool_call>";
  public static final String TURN = "<turn>";

  /** Written between a turn's free text and its first call block. */
  public static final String TEXT_CALLS_SEPARATOR = "\n";

  private final Tokenizer tokenizer;
  private final int bos;
  private final int eos;
  private final int call;
  private final int turn;

  /**
   * @throws IllegalArgumentException naming the special token {@code tokenizer} lacks
   */
  public EpisodeFormat(Tokenizer tokenizer) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    this.bos = require(tokenizer.bosId(), "a BOS token (bosId)");
    this.eos = require(tokenizer.eosId(), "an EOS token (eosId)");
    this.call = require(tokenizer.tokenId(CALL), "the single token " + CALL);
    require(tokenizer.tokenId(CALL_END), "the single token " + CALL_END);
    this.turn = require(tokenizer.tokenId(TURN), "the single token " + TURN);
  }

  private int require(OptionalInt id, String what) {
    if (id.isEmpty()) {
      throw new IllegalArgumentException(
          "tokenizer "
              + tokenizer
              + " lacks "
              + what
              + ", which the agent episode format needs; use the byte tokenizer or add the token");
    }
    return id.getAsInt();
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  public int eosId() {
    return eos;
  }

  public int turnId() {
    return turn;
  }

  /** The token that opens a tool call. */
  public int callId() {
    return call;
  }

  /** {@code [BOS] + encode(system) + [TURN] + encode(user) + [TURN]}. */
  public int[] prompt(String system, String user) {
    return concat(
        new int[] {bos},
        tokenizer.encode(system),
        new int[] {turn},
        tokenizer.encode(user),
        new int[] {turn});
  }

  /** {@code base} that stops a turn at {@code [TURN]} or {@code [EOS]}. */
  public SamplingParams turnSampling(SamplingParams base) {
    return base.withEos(eos).withStop(List.of(new int[] {turn}));
  }

  /** Whether a generated turn holds a tool call (a {@code <tool_call>} token). */
  public boolean hasCalls(int[] turnTokens) {
    return firstCall(turnTokens) < turnTokens.length;
  }

  /** The text of a generated turn for the environment: without its {@code [TURN]}/{@code [EOS]}. */
  public String turnText(int[] turnTokens) {
    int n = turnTokens.length;
    boolean terminated = n > 0 && (turnTokens[n - 1] == turn || turnTokens[n - 1] == eos);
    return tokenizer.decode(terminated ? Arrays.copyOf(turnTokens, n - 1) : turnTokens);
  }

  /**
   * The MODEL and TOOL_CALL segments of a generated turn (a MODEL segment only if it has tokens
   * before the first call, a TOOL_CALL segment only if it has a call).
   */
  public List<Segment> turnSegments(
      int[] tokens, float[] logprobs, float[] entropies, int version) {
    int split = firstCall(tokens);
    List<Segment> out = new ArrayList<>(2);
    if (split > 0) {
      out.add(
          Segment.generated(
              Role.MODEL,
              Arrays.copyOf(tokens, split),
              Arrays.copyOf(logprobs, split),
              Arrays.copyOf(entropies, split),
              version));
    }
    if (split < tokens.length) {
      out.add(
          Segment.generated(
              Role.TOOL_CALL,
              Arrays.copyOfRange(tokens, split, tokens.length),
              Arrays.copyOfRange(logprobs, split, tokens.length),
              Arrays.copyOfRange(entropies, split, tokens.length),
              version));
    }
    return out;
  }

  /** The tokens of a step's results: {@code encode(resultsText) + [TURN]}. */
  public int[] resultTokens(String resultsText) {
    return concat(tokenizer.encode(resultsText), new int[] {turn});
  }

  /**
   * A teacher episode as a trajectory, laid out exactly as a rollout whose model wrote the
   * teacher's turns and whose environment returned the teacher's results. Generated tokens carry
   * log-prob 0, entropy 0 and policy version 0 (they were not sampled). Id, task and group are the
   * episode's task id; reward {@link TextEpisode#reward()}; status OK.
   */
  public Trajectory tokenize(String system, String user, TextEpisode episode) {
    List<Segment> segments = new ArrayList<>();
    segments.add(Segment.context(Role.PROMPT, prompt(system, user)));
    List<TextEpisode.Turn> turns = episode.turns();
    for (int i = 0; i < turns.size(); i++) {
      TextEpisode.Turn t = turns.get(i);
      boolean last = i == turns.size() - 1;
      int[] tokens = turnTokens(t.text(), t.calls(), last && t.calls().isEmpty());
      int n = tokens.length;
      segments.addAll(turnSegments(tokens, new float[n], new float[n], 0));
      if (t.results() != null) {
        segments.add(Segment.context(Role.TOOL_RESULT, resultTokens(t.results())));
      }
    }
    String id = episode.taskId();
    return new Trajectory(id, id, id, segments, episode.reward(), TrajectoryStatus.OK);
  }

  /** A turn's tokens: text, separator, call blocks, then {@code [EOS]} or {@code [TURN]}. */
  public int[] turnTokens(String text, String calls, boolean endEpisode) {
    String body =
        text.isEmpty() || calls.isEmpty() ? text + calls : text + TEXT_CALLS_SEPARATOR + calls;
    return concat(tokenizer.encode(body), new int[] {endEpisode ? eos : turn});
  }

  private int firstCall(int[] tokens) {
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] == call) {
        return i;
      }
    }
    return tokens.length;
  }

  private static int[] concat(int[]... parts) {
    int n = 0;
    for (int[] p : parts) {
      n += p.length;
    }
    int[] out = new int[n];
    int at = 0;
    for (int[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
