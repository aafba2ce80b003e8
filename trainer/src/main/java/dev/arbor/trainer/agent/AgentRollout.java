package dev.arbor.trainer.agent;

import dev.arbor.trainer.generate.Completion;
import dev.arbor.trainer.generate.Decoder;
import dev.arbor.trainer.generate.FinishReason;
import dev.arbor.trainer.generate.TreeRolloutSpec.LogprobKind;
import dev.arbor.tree.Role;
import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryStatus;
import dev.arbor.tree.TrajectoryTree;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * A group of multi-turn, tool-using agent episodes of one task (DESIGN.md §7, "agent turns"), laid
 * out by an {@link EpisodeFormat}:
 *
 * <ol>
 *   <li>the prompt is prefilled once and forked into G = {@code envs.size()} episodes that share
 *       its KV;
 *   <li>turn by turn, every live episode decodes in one {@link Decoder#generate} call until {@code
 *       [TURN]}, {@code [EOS]} or the turn's token cap;
 *   <li>the environments of the episodes that called tools are stepped in parallel on the executor;
 *       their results are appended (the next generate prefills them);
 *   <li>an episode ends OK when its environment is done, on {@code [EOS]}, or after a turn without
 *       a tool call; TRUNCATED at {@code maxTurns}, at {@code maxEpisodeTokens} or when a turn hits
 *       its cap; INFRA_FAILED (reward 0, to be excluded) when its environment throws;
 *   <li>the environments score their episodes ({@link AgentEnvironment#finish}, in parallel) and
 *       the trajectories {@code groupId-k} are merged into a tree.
 * </ol>
 *
 * Deterministic for a spec's seed: the prompt's and then each episode's sampling seeds are drawn
 * from it in order. Every decoder sequence is released before returning, also on failure.
 */
public final class AgentRollout {
  private AgentRollout() {}

  /**
   * Counters of one rollout.
   *
   * @param episodes G
   * @param infraFailed episodes whose environment failed
   * @param truncated episodes cut by a limit
   * @param turns model turns over all episodes
   * @param toolCalls tool calls over all steps
   * @param steps environment steps (turns with tool calls)
   * @param generatedTokens tokens the policy generated
   * @param envSeconds time spent in environment steps and scoring, summed over episodes
   * @param generateSeconds wall time of the decoder (prefill and generate)
   */
  public record Stats(
      int episodes,
      int infraFailed,
      int truncated,
      int turns,
      int toolCalls,
      int steps,
      long generatedTokens,
      double envSeconds,
      double generateSeconds) {
    public double turnsPerEpisode() {
      return episodes == 0 ? 0 : (double) turns / episodes;
    }

    public double toolCallsPerTurn() {
      return turns == 0 ? 0 : (double) toolCalls / turns;
    }

    public double toolCallsPerStep() {
      return steps == 0 ? 0 : (double) toolCalls / steps;
    }
  }

  /** The tree, the trajectories in episode order, and the counters. */
  public record Result(TrajectoryTree tree, List<Trajectory> trajectories, Stats stats) {}

  /** One episode while it runs. */
  private static final class Episode {
    final int seqId;
    final AgentEnvironment env;
    final List<Segment> segments = new ArrayList<>();
    int turns;
    int used;
    TrajectoryStatus status;
    boolean over;
    String pendingText;
    AgentEnvironment.Turn stepped;
    String failure;
    double reward;

    Episode(int seqId, AgentEnvironment env, int[] prompt) {
      this.seqId = seqId;
      this.env = env;
      segments.add(Segment.context(Role.PROMPT, prompt));
    }

    void end(TrajectoryStatus s) {
      status = s;
      over = true;
    }
  }

  /** Runs the G = {@code envs.size()} episodes of {@code prompt}. */
  public static Result run(
      Decoder gen,
      AgentRolloutSpec spec,
      String taskId,
      String groupId,
      int[] prompt,
      List<AgentEnvironment> envs,
      Executor envExecutor) {
    if (envs.isEmpty()) {
      throw new IllegalArgumentException("group " + groupId + ": no environments given");
    }
    EpisodeFormat format = spec.format();
    SplittableRandom seeds = new SplittableRandom(spec.seed());
    List<Integer> owned = new ArrayList<>();
    List<Episode> episodes = new ArrayList<>();
    Counters c = new Counters();
    try {
      long t0 = System.nanoTime();
      int root = gen.start(prompt, seeds.nextLong());
      owned.add(root);
      gen.prefill(List.of(root));
      for (AgentEnvironment env : envs) {
        int id = gen.fork(root, prompt.length, seeds.nextLong());
        owned.add(id);
        episodes.add(new Episode(id, env, prompt));
      }
      c.generateNanos += System.nanoTime() - t0;
      for (List<Episode> live = episodes; !live.isEmpty(); live = live(episodes)) {
        generateTurn(gen, spec, live, c);
        List<Episode> stepping = live.stream().filter(e -> e.pendingText != null).toList();
        parallel(stepping, e -> e.env.step(e.pendingText), (e, t) -> e.stepped = t, envExecutor, c);
        for (Episode e : stepping) {
          e.pendingText = null;
          if (e.stepped == null) {
            continue; // infra failure
          }
          c.steps++;
          c.toolCalls += e.stepped.calls();
          if (e.stepped.done()) {
            e.end(TrajectoryStatus.OK);
          } else if (e.turns >= spec.maxTurns()) {
            e.end(TrajectoryStatus.TRUNCATED);
          } else {
            int[] results = format.resultTokens(e.stepped.resultsText());
            if (e.used + results.length >= spec.maxEpisodeTokens()) {
              e.end(TrajectoryStatus.TRUNCATED);
            } else {
              gen.append(e.seqId, results);
              e.used += results.length;
              e.segments.add(Segment.context(Role.TOOL_RESULT, results));
            }
          }
          e.stepped = null;
        }
      }
    } finally {
      for (int id : owned) {
        gen.release(id);
      }
    }
    List<Episode> scored = episodes.stream().filter(e -> e.failure == null).toList();
    parallel(scored, e -> e.env.finish(), AgentRollout::score, envExecutor, c);
    List<Trajectory> trajectories = new ArrayList<>(episodes.size());
    int failed = 0;
    int truncated = 0;
    for (int k = 0; k < episodes.size(); k++) {
      Episode e = episodes.get(k);
      TrajectoryStatus status = e.failure != null ? TrajectoryStatus.INFRA_FAILED : e.status;
      failed += status == TrajectoryStatus.INFRA_FAILED ? 1 : 0;
      truncated += status == TrajectoryStatus.TRUNCATED ? 1 : 0;
      double reward = status == TrajectoryStatus.INFRA_FAILED ? 0 : e.reward;
      trajectories.add(
          new Trajectory(groupId + "-" + k, taskId, groupId, e.segments, reward, status));
    }
    Stats stats =
        new Stats(
            episodes.size(),
            failed,
            truncated,
            c.turns,
            c.toolCalls,
            c.steps,
            c.generated,
            c.envNanos / 1e9,
            c.generateNanos / 1e9);
    return new Result(TrajectoryTree.of(trajectories), trajectories, stats);
  }

  /** Decodes one turn of every live episode and classifies how it ended. */
  private static void generateTurn(
      Decoder gen, AgentRolloutSpec spec, List<Episode> live, Counters c) {
    EpisodeFormat format = spec.format();
    int cap = spec.sampling().maxNewTokens();
    int[] limits = new int[live.size()];
    for (int i = 0; i < live.size(); i++) {
      limits[i] = Math.min(cap, spec.maxEpisodeTokens() - live.get(i).used);
    }
    long t0 = System.nanoTime();
    List<Completion> out =
        gen.generate(
            live.stream().map(e -> e.seqId).toList(), limits, spec.sampling(), spec.version());
    c.generateNanos += System.nanoTime() - t0;
    for (int i = 0; i < live.size(); i++) {
      Episode e = live.get(i);
      Completion turn = out.get(i);
      float[] lp = spec.logprobs() == LogprobKind.SAMPLING ? turn.logprobs() : turn.rawLogprobs();
      e.segments.addAll(format.turnSegments(turn.tokens(), lp, turn.entropies(), turn.version()));
      e.used += turn.length();
      e.turns++;
      c.turns++;
      c.generated += turn.length();
      if (turn.finish() == FinishReason.LENGTH) {
        e.end(TrajectoryStatus.TRUNCATED);
      } else if (turn.finish() == FinishReason.EOS || !format.hasCalls(turn.tokens())) {
        e.end(TrajectoryStatus.OK);
      } else {
        e.pendingText = format.turnText(turn.tokens());
      }
    }
  }

  private static void score(Episode e, AgentEnvironment.Score s) {
    if (s.infraFailed()) {
      e.failure = s.detail();
    } else if (Double.isNaN(s.reward())) {
      e.failure = "the environment scored NaN: " + s.detail();
    } else {
      e.reward = s.reward();
    }
  }

  /** An environment call that may fail. */
  @FunctionalInterface
  private interface EnvCall<T> {
    T call(Episode e) throws Exception;
  }

  /** Runs {@code call} for each episode on the executor; a failure marks only its episode. */
  private static <T> void parallel(
      List<Episode> episodes,
      EnvCall<T> call,
      BiConsumer<Episode, T> onResult,
      Executor executor,
      Counters c) {
    List<CompletableFuture<Timed<T>>> futures = new ArrayList<>(episodes.size());
    for (Episode e : episodes) {
      futures.add(
          CompletableFuture.supplyAsync(
              () -> {
                long t0 = System.nanoTime();
                try {
                  return new Timed<>(call.call(e), null, System.nanoTime() - t0);
                } catch (Exception x) {
                  return new Timed<T>(null, x, System.nanoTime() - t0);
                }
              },
              executor));
    }
    for (int i = 0; i < episodes.size(); i++) {
      Episode e = episodes.get(i);
      Timed<T> t;
      try {
        t = futures.get(i).join();
      } catch (CompletionException x) {
        if (x.getCause() instanceof Error err) {
          throw err;
        }
        t = new Timed<>(null, x.getCause(), 0);
      }
      c.envNanos += t.nanos;
      if (t.error != null) {
        e.failure = describe(t.error);
        e.over = true;
      } else {
        onResult.accept(e, t.value);
      }
    }
  }

  private record Timed<T>(T value, Throwable error, long nanos) {}

  private static String describe(Throwable t) {
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  private static List<Episode> live(List<Episode> episodes) {
    return episodes.stream().filter(e -> !e.over).toList();
  }

  private static final class Counters {
    int turns;
    int toolCalls;
    int steps;
    long generated;
    long envNanos;
    long generateNanos;
  }
}
