package dev.arbor.tree.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.arbor.tree.RandomTrajectories;
import dev.arbor.tree.Role;
import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryStatus;
import dev.arbor.tree.TrajectoryTree;
import dev.arbor.tree.pack.FlatSequence;
import dev.arbor.tree.pack.LossWeights;
import dev.arbor.tree.pack.Normalization;
import dev.arbor.tree.pack.PackedTree;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PrunerTest {

  @Property(tries = 200)
  void prunedTreesRespectTheBudgetAndArePrefixesOfTheOriginal(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 25) int count,
      @ForAll @IntRange(min = 0, max = 100) int percent,
      @ForAll @IntRange(min = 0, max = 3) int method) {
    PackedTree tree =
        PackedTree.of(TrajectoryTree.of(RandomTrajectories.generate(seed, count, 5, 3)));
    int budget = Pruner.budgetBase(tree) * percent / 100;
    double[] adv = new Random(seed).doubles(tree.trajectoryCount(), -1, 1).toArray();
    PrunedTree pruned = pruner(method, budget, adv, seed).prune(tree);
    int prompt = tree.tokenCount() - Pruner.budgetBase(tree);
    assertThat(pruned.keptTokens()).isLessThanOrEqualTo(budget + prompt);
    assertThat(pruned.tree().tokenCount()).isEqualTo(pruned.keptTokens());
    List<Trajectory> original = tree.toTree().trajectories();
    Map<String, Trajectory> byId = new HashMap<>();
    original.forEach(t -> byId.put(t.id(), t));
    for (Trajectory t : pruned.tree().toTree().trajectories()) {
      Trajectory o = byId.get(t.id());
      assertThat(o).isNotNull();
      int[] kept = flatTokens(t);
      int[] full = flatTokens(o);
      assertThat(kept.length).isLessThanOrEqualTo(full.length);
      for (int i = 0; i < kept.length; i++) {
        assertThat(kept[i]).isEqualTo(full[i]);
      }
      assertThat(t.reward()).isEqualTo(o.reward());
    }
  }

  private static Pruner pruner(int method, int budget, double[] adv, long seed) {
    return switch (method) {
      case 0 -> Pruner.entropyBestFirst(budget);
      case 1 -> Pruner.advantageEntropy(budget, adv);
      case 2 -> Pruner.gradientDensity(budget, adv);
      default -> Pruner.random(budget, seed);
    };
  }

  @Property(tries = 150)
  void keptTokensCarryTheFullTreesWeightsAndDroppedOnesNone(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 20) int count,
      @ForAll @IntRange(min = 0, max = 3) int method) {
    PackedTree tree =
        PackedTree.of(TrajectoryTree.of(RandomTrajectories.generate(seed, count, 5, 3)));
    double[] adv = new Random(seed).doubles(tree.trajectoryCount(), -1, 1).toArray();
    LossWeights full = LossWeights.of(tree, adv, Normalization.tokenMean());
    long denominator = 0;
    for (int k = 0; k < tree.trajectoryCount(); k++) {
      denominator += full.trainableTokens(k);
    }
    if (denominator == 0) {
      return;
    }
    PrunedTree pruned = pruner(method, tree.tokenCount() / 2, adv, seed).prune(tree);
    PackedTree p = pruned.tree();
    Map<String, Integer> originalIndex = new HashMap<>();
    for (int k = 0; k < tree.trajectoryCount(); k++) {
      originalIndex.put(tree.leaf(k).id(), k);
    }
    double[] prunedAdv = new double[p.trajectoryCount()];
    for (int k = 0; k < p.trajectoryCount(); k++) {
      prunedAdv[k] = adv[originalIndex.get(p.leaf(k).id())];
    }
    LossWeights w = LossWeights.of(p, prunedAdv, Normalization.tokenMean(denominator));
    for (int k = 0; k < p.trajectoryCount(); k++) {
      FlatSequence kept = FlatSequence.of(p, k);
      FlatSequence orig = FlatSequence.of(tree, originalIndex.get(p.leaf(k).id()));
      for (int i = 0; i < kept.length(); i++) {
        int a = kept.packedIndex()[i];
        int b = orig.packedIndex()[i];
        // Every trajectory through an original token that is kept also keeps it.
        assertThat(w.positive(a)).isCloseTo(full.positive(b), within(1e-12));
        assertThat(w.negative(a)).isCloseTo(full.negative(b), within(1e-12));
      }
    }
  }

  @Test
  void noneKeepsEverythingAndAFullBudgetToo() {
    PackedTree tree = PackedTree.of(TrajectoryTree.of(RandomTrajectories.generate(3, 12, 4, 3)));
    assertThat(Pruner.none().prune(tree).tree()).isEqualTo(tree);
    PrunedTree all = Pruner.entropyBestFirst(Pruner.budgetBase(tree)).prune(tree);
    assertThat(all.keptTokens()).isEqualTo(tree.tokenCount());
    assertThat(all.keptFraction()).isEqualTo(1.0);
    assertThat(all.keptTrajectories()).isEqualTo(tree.trajectoryCount());
  }

  @Test
  void entropyPruningKeepsTheUncertainBranchAndToolResultsStayWithTheirCalls() {
    Segment prompt = Segment.context(Role.PROMPT, 1, 2, 3);
    Segment sure = model(new int[] {4, 5, 6, 7}, 0.01f);
    Segment unsure = model(new int[] {8, 9, 10, 11}, 2.0f);
    Segment call =
        Segment.generated(Role.TOOL_CALL, new int[] {20, 21}, new float[2], new float[2], 0);
    Segment result = Segment.context(Role.TOOL_RESULT, 30, 31, 32);
    TrajectoryTree t = new TrajectoryTree();
    t.insert(new Trajectory("sure", "x", "g", List.of(prompt, sure), 1, TrajectoryStatus.OK));
    t.insert(
        new Trajectory(
            "unsure", "x", "g", List.of(prompt, unsure, call, result), 0, TrajectoryStatus.OK));
    PackedTree tree = PackedTree.of(t);
    // Budget (the prompt is free): one 4-token branch, and the 2+3 tool tokens.
    PrunedTree pruned = Pruner.entropyBestFirst(4 + 5).prune(tree);
    List<Trajectory> kept = pruned.tree().toTree().trajectories();
    assertThat(kept).extracting(Trajectory::id).containsExactly("unsure");
    assertThat(kept.get(0).segments()).hasSize(4);
    // Without room for the tool chain, the call is not kept alone.
    PrunedTree tight = Pruner.entropyBestFirst(4 + 2).prune(tree);
    assertThat(tight.tree().toTree().trajectories())
        .allSatisfy(
            tr ->
                assertThat(tr.segments()).extracting(Segment::role).doesNotContain(Role.TOOL_CALL));
  }

  /**
   * A shared turn whose tokens carry no net gradient (the group's advantages cancel on it) leads to
   * a branch of surprising tokens: the density pruner spends the budget on the shared turn and the
   * first tokens of that branch, cut part-way, and none on the confident branch.
   */
  @Test
  void gradientDensityLooksPastContextAndCutsATurnPartWay() {
    Segment prompt = Segment.context(Role.PROMPT, 1, 2, 3);
    float sure = (float) Math.log(0.999);
    float surprised = (float) Math.log(0.2);
    TrajectoryTree t = new TrajectoryTree();
    t.insert(
        new Trajectory(
            "good",
            "x",
            "g",
            List.of(prompt, model(new int[] {4, 5, 6, 7, 8, 9, 10, 11}, sure, surprised, 4)),
            1,
            TrajectoryStatus.OK));
    t.insert(
        new Trajectory(
            "bad",
            "x",
            "g",
            List.of(prompt, model(new int[] {4, 5, 6, 7, 12, 13, 14, 15}, sure, sure, 4)),
            0,
            TrajectoryStatus.OK));
    PackedTree tree = PackedTree.of(t);
    double[] adv = new double[2];
    for (int k = 0; k < 2; k++) {
      adv[k] = tree.leaf(k).id().equals("good") ? 1 : -1;
    }
    PrunedTree pruned = Pruner.gradientDensity(4 + 2, adv).prune(tree);
    Map<String, int[]> kept = new HashMap<>();
    pruned.tree().toTree().trajectories().forEach(tr -> kept.put(tr.id(), flatTokens(tr)));
    assertThat(kept.get("good")).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    // "bad" stays for the shared turn (its weight there is part of the net), cut after it.
    assertThat(kept.get("bad")).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(Pruner.gradientDensity(0, adv).prune(tree).keptTrajectories()).isZero();
  }

  @Test
  void gradientDensityKeepsToolResultsWithTheirCalls() {
    Segment prompt = Segment.context(Role.PROMPT, 1, 2, 3);
    float surprised = (float) Math.log(0.2);
    Segment turn = model(new int[] {4, 5}, surprised, surprised, 0);
    Segment call =
        Segment.generated(
            Role.TOOL_CALL,
            new int[] {20, 21},
            new float[] {surprised, surprised},
            new float[2],
            new int[2]);
    Segment result = Segment.context(Role.TOOL_RESULT, 30, 31, 32);
    Segment next = model(new int[] {40, 41}, surprised, surprised, 0);
    TrajectoryTree t = new TrajectoryTree();
    t.insert(
        new Trajectory(
            "a", "x", "g", List.of(prompt, turn, call, result, next), 1, TrajectoryStatus.OK));
    PackedTree tree = PackedTree.of(t);
    for (int budget = 0; budget <= 9; budget++) {
      List<Role> roles =
          Pruner.gradientDensity(budget, new double[] {1})
              .prune(tree)
              .tree()
              .toTree()
              .trajectories()
              .stream()
              .flatMap(tr -> tr.segments().stream())
              .map(Segment::role)
              .toList();
      assertThat(roles.contains(Role.TOOL_CALL))
          .as("budget " + budget)
          .isEqualTo(roles.contains(Role.TOOL_RESULT));
      assertThat(roles.contains(Role.TOOL_CALL)).as("budget " + budget).isEqualTo(budget >= 7);
    }
  }

  @Test
  void aNegativeBudgetIsRejected() {
    assertThatThrownBy(() -> Pruner.entropyBestFirst(-1))
        .hasMessageContaining("token budget must be >= 0");
    assertThatThrownBy(() -> Pruner.gradientDensity(-1, new double[0]))
        .hasMessageContaining("token budget must be >= 0");
  }

  private static Segment model(int[] ids, float entropy) {
    float[] e = new float[ids.length];
    java.util.Arrays.fill(e, entropy);
    return Segment.generated(Role.MODEL, ids, new float[ids.length], e, 0);
  }

  /**
   * A model turn whose first {@code split} tokens have log-prob {@code a}, the others {@code b}.
   */
  private static Segment model(int[] ids, float a, float b, int split) {
    float[] lp = new float[ids.length];
    for (int i = 0; i < ids.length; i++) {
      lp[i] = i < split ? a : b;
    }
    return Segment.generated(Role.MODEL, ids, lp, new float[ids.length], new int[ids.length]);
  }

  private static int[] flatTokens(Trajectory t) {
    return t.segments().stream().flatMapToInt(s -> java.util.Arrays.stream(s.tokens())).toArray();
  }
}
