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
      @ForAll @IntRange(min = 0, max = 2) int method) {
    PackedTree tree =
        PackedTree.of(TrajectoryTree.of(RandomTrajectories.generate(seed, count, 5, 3)));
    int budget = Pruner.budgetBase(tree) * percent / 100;
    double[] adv = new Random(seed).doubles(tree.trajectoryCount(), -1, 1).toArray();
    Pruner pruner =
        switch (method) {
          case 0 -> Pruner.entropyBestFirst(budget);
          case 1 -> Pruner.advantageEntropy(budget, adv);
          default -> Pruner.random(budget, seed);
        };
    PrunedTree pruned = pruner.prune(tree);
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

  @Property(tries = 150)
  void keptTokensCarryTheFullTreesWeightsAndDroppedOnesNone(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 20) int count) {
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
    PrunedTree pruned = Pruner.entropyBestFirst(tree.tokenCount() / 2).prune(tree);
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

  @Test
  void aNegativeBudgetIsRejected() {
    assertThatThrownBy(() -> Pruner.entropyBestFirst(-1))
        .hasMessageContaining("token budget must be >= 0");
  }

  private static Segment model(int[] ids, float entropy) {
    float[] e = new float[ids.length];
    java.util.Arrays.fill(e, entropy);
    return Segment.generated(Role.MODEL, ids, new float[ids.length], e, 0);
  }

  private static int[] flatTokens(Trajectory t) {
    return t.segments().stream().flatMapToInt(s -> java.util.Arrays.stream(s.tokens())).toArray();
  }
}
