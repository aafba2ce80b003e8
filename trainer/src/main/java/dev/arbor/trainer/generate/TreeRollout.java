package dev.arbor.trainer.generate;

import dev.arbor.tree.Role;
import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryStatus;
import dev.arbor.tree.TrajectoryTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A group of rollouts of one prompt as a trajectory tree (DESIGN.md §7), in the style of TreeRL
 * (Hou et al. 2025, entropy-guided tree search) and ARPO (Dong et al. 2025, entropy-based adaptive
 * branching):
 *
 * <ol>
 *   <li>the prompt is prefilled once and forked into G samples that share its KV;
 *   <li>each branching round ranks the generated positions of all trajectories so far by the {@link
 *       BranchSelector} (by default the entropy of the distribution the token was drawn from),
 *       takes the top {@code pointsPerRound} distinct prefixes, and forks {@code branchesPerPoint}
 *       continuations from each: a branch keeps tokens 0..j-1 of its source (and their KV) and
 *       draws from position j on, within the same token budget; rounds stop when the branch budget
 *       is spent;
 *   <li>every trajectory (prompt segment, one generated segment) is scored by the caller's {@link
 *       RolloutScorer} and inserted into a {@link TrajectoryTree}, where branches share their
 *       prefix tokens. A trajectory that hit the token limit is {@link TrajectoryStatus#TRUNCATED}.
 * </ol>
 *
 * A branch's inherited tokens carry its source's log-probs and entropies (same context, same policy
 * version, so the same values). Deterministic for a spec's seed: sequence seeds are drawn from it
 * in creation order.
 */
public final class TreeRollout {
  private TreeRollout() {}

  /** A branch taken: from trajectory {@code source}, re-sampling from generated position j. */
  public record BranchPoint(int source, int position, double priority, int branches) {}

  /**
   * The rollout: the tree, its trajectories in creation order (the G samples first), the branch
   * points taken, and the tokens generated (inherited prefixes not counted).
   */
  public record Result(
      TrajectoryTree tree,
      List<Trajectory> trajectories,
      List<BranchPoint> branchPoints,
      long generatedTokens) {}

  /** One trajectory while it is built. */
  private record Rollout(
      int seqId,
      int[] tokens,
      float[] logprobs,
      float[] entropies,
      FinishReason finish,
      int generated) {}

  /** Samples the group of {@code prompt} with {@code generator} and returns its tree. */
  public static Result run(
      Generator generator,
      TreeRolloutSpec spec,
      String taskId,
      String groupId,
      int[] prompt,
      RolloutScorer scorer) {
    SplittableRandom seeds = new SplittableRandom(spec.seed());
    List<Integer> owned = new ArrayList<>();
    List<Rollout> rollouts = new ArrayList<>();
    List<BranchPoint> points = new ArrayList<>();
    int p = prompt.length;
    int maxNew = spec.sampling().maxNewTokens();
    try {
      int root = generator.start(prompt, seeds.nextLong());
      owned.add(root);
      generator.prefill(List.of(root));
      List<Integer> samples = new ArrayList<>();
      for (int g = 0; g < spec.groupSize(); g++) {
        samples.add(generator.fork(root, p, seeds.nextLong()));
      }
      owned.addAll(samples);
      List<Completion> first = generator.generate(samples, spec.sampling(), spec.version());
      for (Completion c : first) {
        rollouts.add(rollout(c, new int[0], new float[0], new float[0], spec.logprobs()));
      }
      Set<PrefixKey> taken = new HashSet<>();
      int budget = spec.branchBudget();
      for (int round = 0; round < spec.rounds() && budget > 0; round++) {
        List<BranchPoint> picked = pick(rollouts, spec, taken, budget);
        if (picked.isEmpty()) {
          break;
        }
        List<Integer> forks = new ArrayList<>();
        List<Integer> limits = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (BranchPoint bp : picked) {
          Rollout src = rollouts.get(bp.source());
          for (int b = 0; b < bp.branches(); b++) {
            forks.add(generator.fork(src.seqId(), p + bp.position(), seeds.nextLong()));
            limits.add(maxNew - bp.position());
            sources.add(bp.source());
            positions.add(bp.position());
          }
          budget -= bp.branches();
          points.add(bp);
        }
        owned.addAll(forks);
        List<Completion> out =
            generator.generate(
                forks,
                limits.stream().mapToInt(Integer::intValue).toArray(),
                spec.sampling(),
                spec.version());
        for (int i = 0; i < out.size(); i++) {
          Rollout src = rollouts.get(sources.get(i));
          int j = positions.get(i);
          rollouts.add(
              rollout(
                  out.get(i),
                  Arrays.copyOf(src.tokens(), j),
                  Arrays.copyOf(src.logprobs(), j),
                  Arrays.copyOf(src.entropies(), j),
                  spec.logprobs()));
        }
      }
    } finally {
      for (int id : owned) {
        generator.release(id);
      }
    }
    return result(rollouts, points, spec, taskId, groupId, prompt, scorer);
  }

  /** The next round's branch points: distinct prefixes by priority, within the budget. */
  private static List<BranchPoint> pick(
      List<Rollout> rollouts, TreeRolloutSpec spec, Set<PrefixKey> taken, int budget) {
    List<BranchPoint> candidates = new ArrayList<>();
    for (int k = 0; k < rollouts.size(); k++) {
      Rollout r = rollouts.get(k);
      for (int j = 1; j < r.tokens().length; j++) {
        double pr = spec.selector().priority(r.tokens(), r.entropies(), j);
        if (!Double.isNaN(pr) && pr != Double.NEGATIVE_INFINITY) {
          candidates.add(new BranchPoint(k, j, pr, 0));
        }
      }
    }
    // Highest priority first; ties: earlier trajectory, earlier position (stable sort).
    candidates.sort((a, b) -> Double.compare(b.priority(), a.priority()));
    List<BranchPoint> picked = new ArrayList<>();
    for (BranchPoint c : candidates) {
      if (picked.size() == spec.pointsPerRound() || budget == 0) {
        break;
      }
      // The same prefix in another trajectory (a branch's inherited part) is the same state.
      if (taken.add(
          new PrefixKey(Arrays.copyOf(rollouts.get(c.source()).tokens(), c.position())))) {
        int n = Math.min(spec.branchesPerPoint(), budget);
        budget -= n;
        picked.add(new BranchPoint(c.source(), c.position(), c.priority(), n));
      }
    }
    return picked;
  }

  private static Rollout rollout(
      Completion c,
      int[] prefix,
      float[] prefixLogprobs,
      float[] prefixEntropies,
      TreeRolloutSpec.LogprobKind kind) {
    float[] lp = kind == TreeRolloutSpec.LogprobKind.SAMPLING ? c.logprobs() : c.rawLogprobs();
    return new Rollout(
        c.seqId(),
        concat(prefix, c.tokens()),
        concat(prefixLogprobs, lp),
        concat(prefixEntropies, c.entropies()),
        c.finish(),
        c.length());
  }

  private static Result result(
      List<Rollout> rollouts,
      List<BranchPoint> points,
      TreeRolloutSpec spec,
      String taskId,
      String groupId,
      int[] prompt,
      RolloutScorer scorer) {
    List<Trajectory> trajectories = new ArrayList<>(rollouts.size());
    long generated = 0;
    for (int k = 0; k < rollouts.size(); k++) {
      Rollout r = rollouts.get(k);
      generated += r.generated();
      double reward = scorer.score(prompt.clone(), r.tokens().clone(), r.finish());
      if (Double.isNaN(reward)) {
        throw new IllegalArgumentException(
            "the scorer returned NaN for trajectory " + k + " of group " + groupId);
      }
      List<Segment> segments =
          List.of(
              Segment.context(Role.PROMPT, prompt),
              Segment.generated(
                  Role.MODEL, r.tokens(), r.logprobs(), r.entropies(), spec.version()));
      TrajectoryStatus status =
          r.finish() == FinishReason.LENGTH ? TrajectoryStatus.TRUNCATED : TrajectoryStatus.OK;
      trajectories.add(
          new Trajectory(groupId + "-" + k, taskId, groupId, segments, reward, status));
    }
    return new Result(TrajectoryTree.of(trajectories), trajectories, points, generated);
  }

  private static int[] concat(int[] a, int[] b) {
    int[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static float[] concat(float[] a, float[] b) {
    float[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** A generated prefix as a set key. */
  private record PrefixKey(int[] tokens) {
    @Override
    public boolean equals(Object o) {
      return o instanceof PrefixKey k && Arrays.equals(tokens, k.tokens);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(tokens);
    }
  }
}
