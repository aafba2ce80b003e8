package dev.arbor.tree.synth;

import dev.arbor.tree.Role;
import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic agentic workload: for each task, a group of rollouts of several turns (model text, a
 * tool call, the tool's result) after a shared prompt. Rollouts of one task branch at turn
 * boundaries: each new rollout replays the first few turns of an earlier one and then goes its own
 * way, as tree rollouts do. Token ids, log-probs and entropies are random but reproducible from the
 * seed; the data exercise the tree code, they carry no meaning.
 *
 * @param tasks number of tasks (one tree each)
 * @param rolloutsPerTask rollouts per task (the group size G)
 * @param turns turns per rollout
 * @param promptTokens tokens of the shared prompt
 * @param modelTokens mean tokens of a model segment per turn
 * @param toolCallTokens mean tokens of a tool call
 * @param toolResultTokens mean tokens of a tool result
 * @param maxSharedTurns a rollout replays between 0 and this many turns of an earlier rollout
 * @param vocab vocabulary size
 * @param seed random seed
 */
public record SyntheticWorkload(
    int tasks,
    int rolloutsPerTask,
    int turns,
    int promptTokens,
    int modelTokens,
    int toolCallTokens,
    int toolResultTokens,
    int maxSharedTurns,
    int vocab,
    long seed) {

  public SyntheticWorkload {
    positive("tasks", tasks);
    positive("rolloutsPerTask", rolloutsPerTask);
    positive("turns", turns);
    positive("promptTokens", promptTokens);
    positive("modelTokens", modelTokens);
    positive("toolCallTokens", toolCallTokens);
    positive("toolResultTokens", toolResultTokens);
    positive("vocab", vocab);
    if (maxSharedTurns < 0 || maxSharedTurns > turns) {
      throw new IllegalArgumentException(
          "maxSharedTurns must be in 0.." + turns + ", got " + maxSharedTurns);
    }
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be > 0, got " + value);
    }
  }

  /**
   * The default benchmark workload: 64 tasks x 8 rollouts x 6 turns, about 40 % of the flat tokens
   * in shared prefixes.
   */
  public static SyntheticWorkload agenticDefault(long seed) {
    return new SyntheticWorkload(64, 8, 6, 400, 80, 24, 96, 4, 32_000, seed);
  }

  /** A small workload for samples and tests. */
  public static SyntheticWorkload small(long seed) {
    return new SyntheticWorkload(3, 4, 3, 24, 8, 4, 8, 2, 1000, seed);
  }

  /** The rollouts of task {@code task}, in the order a rollout worker would finish them. */
  public List<Trajectory> group(int task) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + task);
    String taskId = "task-" + task;
    String groupId = taskId + "/g0";
    Segment prompt = Segment.context(Role.PROMPT, tokens(random, promptTokens));
    List<List<Segment>> turnsOf = new ArrayList<>();
    List<Trajectory> out = new ArrayList<>(rolloutsPerTask);
    for (int r = 0; r < rolloutsPerTask; r++) {
      List<Segment> mine = new ArrayList<>();
      if (r > 0 && maxSharedTurns > 0) {
        List<Segment> base = turnsOf.get(random.nextInt(r));
        int shared = random.nextInt(maxSharedTurns + 1) * 3;
        mine.addAll(base.subList(0, Math.min(shared, base.size())));
      }
      while (mine.size() < turns * 3) {
        mine.add(generated(random, Role.MODEL, jitter(random, modelTokens)));
        mine.add(generated(random, Role.TOOL_CALL, jitter(random, toolCallTokens)));
        mine.add(
            Segment.context(Role.TOOL_RESULT, tokens(random, jitter(random, toolResultTokens))));
      }
      turnsOf.add(mine);
      List<Segment> segments = new ArrayList<>(mine.size() + 1);
      segments.add(prompt);
      segments.addAll(mine);
      double reward = random.nextInt(3) == 0 ? 1.0 : 0.0;
      TrajectoryStatus status =
          random.nextInt(50) == 0 ? TrajectoryStatus.TRUNCATED : TrajectoryStatus.OK;
      out.add(new Trajectory(taskId + "/r" + r, taskId, groupId, segments, reward, status));
    }
    return out;
  }

  /** Every group, task by task. */
  public List<List<Trajectory>> groups() {
    List<List<Trajectory>> out = new ArrayList<>(tasks);
    for (int t = 0; t < tasks; t++) {
      out.add(group(t));
    }
    return out;
  }

  private static int jitter(SplittableRandom random, int mean) {
    return Math.max(1, mean / 2 + random.nextInt(mean + 1));
  }

  private int[] tokens(SplittableRandom random, int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = random.nextInt(vocab);
    }
    return out;
  }

  private Segment generated(SplittableRandom random, Role role, int n) {
    int[] ids = tokens(random, n);
    float[] logprobs = new float[n];
    float[] entropies = new float[n];
    for (int i = 0; i < n; i++) {
      entropies[i] = (float) (random.nextDouble() * random.nextDouble() * 4.0);
      logprobs[i] = (float) -(random.nextDouble() * entropies[i]);
    }
    return Segment.generated(role, ids, logprobs, entropies, 0);
  }
}
