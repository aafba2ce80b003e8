package dev.arbor.trainer.generate;

import static dev.arbor.trainer.generate.GeneratorTest.CONFIG;
import static dev.arbor.trainer.generate.GeneratorTest.prompt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.arbor.trainer.forward.AttentionKind;
import dev.arbor.trainer.forward.Forward;
import dev.arbor.trainer.forward.TokenScores;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryStatus;
import dev.arbor.tree.pack.FlatSequence;
import dev.arbor.tree.pack.PackedTree;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tree rollouts: every trajectory in the tree exactly, shared prefixes, determinism. */
class TreeRolloutTest {
  private static final int P = 6;
  private static final RolloutScorer SCORER =
      (prompt, completion, finish) -> Arrays.stream(completion).filter(t -> t % 2 == 0).count();

  private static TreeRolloutSpec spec(long seed) {
    return TreeRolloutSpec.samples(3, SamplingParams.of(1.0, 1.0, 8).withEos(7))
        .withBranching(2, 2, 2, 6)
        .withVersion(3)
        .withSeed(seed);
  }

  private static TreeRollout.Result run(Qwen2Model model, TreeRolloutSpec spec, NDManager root) {
    return run(model, spec, Generator.DEFAULT_COPY_SHARED_BELOW_BYTES, root);
  }

  private static TreeRollout.Result run(
      Qwen2Model model, TreeRolloutSpec spec, long copyBelow, NDManager root) {
    try (Generator gen = new Generator(model, null, copyBelow, root)) {
      TreeRollout.Result r = TreeRollout.run(gen, spec, "task", "g", prompt(50, P), SCORER);
      assertThat(gen.liveSequences()).as("sequences released").isZero();
      return r;
    }
  }

  @Test
  void theTreeHoldsEverySampledTrajectoryAndBranchesShareTheirPrefix() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 31, root)) {
      TreeRollout.Result r = run(model, spec(1), root);
      List<Trajectory> ts = r.trajectories();
      assertThat(ts).hasSize(3 + 6);
      assertThat(r.branchPoints()).hasSize(3 + 0); // 2 points x 2 + 1 point x 2 = 6 branches
      assertThat(r.branchPoints().stream().mapToInt(TreeRollout.BranchPoint::branches).sum())
          .isEqualTo(6);
      assertThat(r.tree().trajectories()).isEqualTo(ts);
      assertThat((long) r.tree().tokenCount()).isLessThan(r.tree().flatTokenCount());
      int k = 3;
      for (TreeRollout.BranchPoint bp : r.branchPoints()) {
        int[] source = ts.get(bp.source()).segments().get(1).tokens();
        float[] entropies = ts.get(bp.source()).segments().get(1).entropies();
        for (int b = 0; b < bp.branches(); b++, k++) {
          int[] branch = ts.get(k).segments().get(1).tokens();
          assertThat(Arrays.copyOf(branch, bp.position()))
              .isEqualTo(Arrays.copyOf(source, bp.position()));
          assertThat(branch.length).isLessThanOrEqualTo(8);
        }
        assertThat(bp.priority()).isEqualTo(entropies[bp.position()]);
      }
      for (Trajectory t : ts) {
        int[] gen = t.segments().get(1).tokens();
        boolean eos = gen[gen.length - 1] == 7;
        assertThat(t.status()).isEqualTo(eos ? TrajectoryStatus.OK : TrajectoryStatus.TRUNCATED);
        assertThat(t.reward()).isEqualTo(SCORER.score(null, gen, null));
        assertThat(t.segments().get(1).version(0)).isEqualTo(3);
      }
    }
  }

  @Test
  void thePromptAndInheritedPrefixesAreComputedOnce() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 31, root);
        Generator gen = new Generator(model, root)) {
      TreeRollout.run(gen, spec(1), "task", "g", prompt(50, P), SCORER);
      // The prompt but its last token once; then one token per sequence: the prompt's last token
      // for each of the 3 samples, the token before the branch point for each of the 6 branches.
      assertThat(gen.stats().prefillTokens()).isEqualTo((P - 1) + 3 + 6);
    }
  }

  @Test
  void sameSeedSameTreeOtherSeedOtherTree() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 32, root)) {
      List<Trajectory> a = run(model, spec(5), root).trajectories();
      assertThat(run(model, spec(5), root).trajectories()).isEqualTo(a);
      assertThat(run(model, spec(6), root).trajectories()).isNotEqualTo(a);
      // Attending the shared prompt once (not copied per row) draws the same tokens.
      List<Trajectory> b = run(model, spec(5), 0, root).trajectories();
      assertThat(b).hasSameSizeAs(a);
      for (int k = 0; k < a.size(); k++) {
        assertThat(b.get(k).segments().get(1).tokens())
            .isEqualTo(a.get(k).segments().get(1).tokens());
      }
    }
  }

  @Test
  void recordedPolicyLogprobsEqualThePackedTrainerForwardWithin1e5() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 33, root)) {
      TreeRolloutSpec s =
          spec(7).withLogprobs(TreeRolloutSpec.LogprobKind.POLICY).withBranching(1, 2, 2, 4);
      PackedTree packed = PackedTree.of(run(model, s, root).tree());
      try (NDManager m = root.newSubManager()) {
        TokenScores scores = Forward.packed(model, packed, AttentionKind.DENSE, m);
        float[] lp = scores.logprobs().toFloatArray();
        float[] ent = scores.entropies().toFloatArray();
        for (int k = 0; k < packed.trajectoryCount(); k++) {
          FlatSequence flat = FlatSequence.of(packed, k);
          for (int i = P; i < flat.length(); i++) {
            int at = flat.packedIndex()[i];
            assertThat(Math.abs(lp[at] - flat.logprobs()[i]))
                .as("k=%d i=%d", k, i)
                .isLessThan(1e-5f);
            assertThat(Math.abs(ent[at] - flat.entropies()[i])).isLessThan(1e-5f);
          }
        }
      }
    }
  }

  @Test
  void turnBoundarySelectorBranchesOnlyAfterBoundaryTokens() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 34, root)) {
      TreeRollout.Result plain = run(model, spec(8).withBranching(0, 1, 1, 0), root);
      int boundary = plain.trajectories().get(0).segments().get(1).tokens()[1];
      TreeRollout.Result r =
          run(model, spec(8).withSelector(BranchSelector.afterTokens(boundary)), root);
      assertThat(r.branchPoints()).isNotEmpty();
      for (TreeRollout.BranchPoint bp : r.branchPoints()) {
        int[] src = r.trajectories().get(bp.source()).segments().get(1).tokens();
        assertThat(src[bp.position() - 1]).isEqualTo(boundary);
      }
    }
  }

  @Test
  void specErrorsNameTheField() {
    SamplingParams p = SamplingParams.greedy(4);
    assertThatThrownBy(() -> TreeRolloutSpec.samples(0, p)).hasMessageContaining("group_size");
    assertThatThrownBy(() -> TreeRolloutSpec.samples(2, p).withBranching(1, 0, 1, 1))
        .hasMessageContaining("points_per_round");
    assertThatThrownBy(() -> TreeRolloutSpec.samples(2, p).withBranching(1, 1, 1, -1))
        .hasMessageContaining("branch_budget");
  }
}
