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
 *
 * <p>{@link #runGroups} runs the groups of several tasks at once: their prompts are prefilled in
 * one call and every turn decodes the live episodes of all groups as one batch. Decoding a small
 * model is bound by per-step overhead, so a batch of 8 groups x 4 episodes costs little more per
 * step than one group. Each group draws its seeds from its own {@link Group#seed()} as above, so
 * its episodes do not depend on which other groups share the batch.
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

  /**
   * The G = {@code envs.size()} episodes of one task for {@link #runGroups}.
   *
   * @param seed seed of the group's sampling (the role of {@link AgentRolloutSpec#seed()})
   */
  public record Group(
      String taskId, String groupId, int[] prompt, List<AgentEnvironment> envs, long seed) {
    public Group {
      if (envs.isEmpty()) {
        throw new IllegalArgumentException("group " + groupId + ": no environments given");
      }
    }
  }

  /** One episode while it runs. */
  private static final class Episode {
    final int seqId;
    final int group;
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

    Episode(int seqId, int group, AgentEnvironment env, int[] prompt) {
      this.seqId = seqId;
      this.group = group;
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
    return runGroups(
            gen, spec, List.of(new Group(taskId, groupId, prompt, envs, spec.seed())), envExecutor)
        .get(0);
  }

  /**
   * Runs the episodes of several groups together (see the class comment); one result per group, in
   * order. {@code spec}'s seed is not used: each group has its own.
   */
  public static List<Result> runGroups(
      Decoder gen, AgentRolloutSpec spec, List<Group> groups, Executor envExecutor) {
    if (groups.isEmpty()) {
      throw new IllegalArgumentException("no groups to roll out");
    }
    EpisodeFormat format = spec.format();
    List<Integer> owned = new ArrayList<>();
    List<Episode> episodes = new ArrayList<>();
    Counters[] counters = new Counters[groups.size()];
    try {
      long t0 = System.nanoTime();
      List<Integer> roots = new ArrayList<>(groups.size());
      SplittableRandom[] seeds = new SplittableRandom[groups.size()];
      for (int g = 0; g < groups.size(); g++) {
        counters[g] = new Counters();
        seeds[g] = new SplittableRandom(groups.get(g).seed());
        int root = gen.start(groups.get(g).prompt(), seeds[g].nextLong());
        owned.add(root);
        roots.add(root);
      }
      gen.prefill(roots);
      for (int g = 0; g < groups.size(); g++) {
        Group group = groups.get(g);
        for (AgentEnvironment env : group.envs()) {
          int id = gen.fork(roots.get(g), group.prompt().length, seeds[g].nextLong());
          owned.add(id);
          episodes.add(new Episode(id, g, env, group.prompt()));
        }
      }
      addGenerateNanos(counters, episodes, System.nanoTime() - t0);
      for (List<Episode> live = episodes; !live.isEmpty(); live = live(episodes)) {
        generateTurn(gen, spec, live, counters);
        List<Episode> stepping = live.stream().filter(e -> e.pendingText != null).toList();
        parallel(
            stepping,
            e -> e.env.step(e.pendingText),
            (e, t) -> e.stepped = t,
            envExecutor,
            counters);
        for (Episode e : stepping) {
          e.pendingText = null;
          if (e.stepped == null) {
            continue; // infra failure
          }
          Counters c = counters[e.group];
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
    parallel(scored, e -> e.env.finish(), AgentRollout::score, envExecutor, counters);
    List<Result> results = new ArrayList<>(groups.size());
    for (int g = 0; g < groups.size(); g++) {
      final int index = g;
      List<Episode> own = episodes.stream().filter(e -> e.group == index).toList();
      results.add(result(groups.get(g), own, counters[g]));
    }
    return results;
  }

  private static Result result(Group group, List<Episode> episodes, Counters c) {
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
          new Trajectory(
              group.groupId() + "-" + k,
              group.taskId(),
              group.groupId(),
              e.segments,
              reward,
              status));
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

  /**
   * Adds a decoder call's wall time to every group that had an episode in it (groups decode
   * together, so each group's {@link Stats#generateSeconds()} is the time of the calls it took part
   * in).
   */
  private static void addGenerateNanos(Counters[] counters, List<Episode> in, long nanos) {
    boolean[] seen = new boolean[counters.length];
    for (Episode e : in) {
      if (!seen[e.group]) {
        seen[e.group] = true;
        counters[e.group].generateNanos += nanos;
      }
    }
  }

  /** Decodes one turn of every live episode and classifies how it ended. */
  private static void generateTurn(
      Decoder gen, AgentRolloutSpec spec, List<Episode> live, Counters[] counters) {
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
    addGenerateNanos(counters, live, System.nanoTime() - t0);
    for (int i = 0; i < live.size(); i++) {
      Episode e = live.get(i);
      Counters c = counters[e.group];
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
      Counters[] counters) {
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
      counters[e.group].envNanos += t.nanos;
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
