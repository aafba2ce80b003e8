package dev.arbor.trainer.forward;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.arbor.trainer.model.DenseAttention;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.trainer.model.SegmentAttention;
import dev.arbor.tree.pack.FlatSequence;
import dev.arbor.tree.pack.PackedTree;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packed fast paths against their references, seeded, with the tolerances stated. */
class ForwardTest {
  private static final Qwen2Config CONFIG = Qwen2Config.named("tiny");

  @Test
  void segmentAttentionEqualsTheDenseMaskWithin1e5() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 1, root)) {
      for (long seed = 1; seed <= 4; seed++) {
        PackedTree tree = Trees.random(seed, 5, 3, CONFIG.vocabSize());
        try (NDManager m = root.newSubManager()) {
          int t = tree.tokenCount();
          NDArray tokens = m.create(tree.tokenIds(), new Shape(1, t));
          NDArray positions = m.create(tree.positionIds(), new Shape(1, t));
          SegmentAttention segment = new SegmentAttention(m, tree);
          float[] a =
              model.hidden(tokens, positions, DenseAttention.packed(m, tree)).toFloatArray();
          float[] b = model.hidden(tokens, positions, segment).toFloatArray();
          assertThat(maxAbsDiff(a, b)).as("seed %d", seed).isLessThan(1e-5f);
          assertThat(segment.cost()).isLessThan((long) t * t);
        }
      }
    }
  }

  @Test
  void packedLogprobsEqualFlatLogprobsWithin1e5() {
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(CONFIG, 2, root)) {
      for (long seed = 1; seed <= 3; seed++) {
        PackedTree tree = Trees.random(seed, 6, 3, CONFIG.vocabSize());
        for (AttentionKind kind :
            new AttentionKind[] {AttentionKind.DENSE, AttentionKind.SEGMENT}) {
          try (NDManager m = root.newSubManager()) {
            TokenScores packed = Forward.packed(model, tree, kind, m);
            float[] lp = packed.logprobs().toFloatArray();
            float[] ent = packed.entropies().toFloatArray();
            List<FlatSequence> flats = new ArrayList<>();
            for (int k = 0; k < tree.trajectoryCount(); k++) {
              flats.add(FlatSequence.of(tree, k));
            }
            List<TokenScores> batched = Forward.flatBatch(model, flats, m);
            for (int k = 0; k < flats.size(); k++) {
              FlatSequence flat = flats.get(k);
              float[] alone = Forward.flat(model, flat, m).logprobs().toFloatArray();
              float[] inBatch = batched.get(k).logprobs().toFloatArray();
              float[] flatEnt = batched.get(k).entropies().toFloatArray();
              for (int i = 1; i < flat.length(); i++) {
                int p = flat.packedIndex()[i];
                assertThat(Math.abs(lp[p] - alone[i]))
                    .as("%s k=%d i=%d", kind, k, i)
                    .isLessThan(1e-5f);
                assertThat(Math.abs(inBatch[i] - alone[i])).isLessThan(1e-5f);
                assertThat(Math.abs(ent[p] - flatEnt[i])).isLessThan(1e-5f);
              }
            }
          }
        }
      }
    }
  }

  static float maxAbsDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
