package dev.arbor.trainer.forward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import dev.arbor.trainer.model.Attention;
import dev.arbor.trainer.model.DenseAttention;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.trainer.model.SegmentAttention;
import dev.arbor.tree.pack.FlatSequence;
import dev.arbor.tree.pack.PackedTree;
import java.util.ArrayList;
import java.util.List;

/**
 * Forward passes that score tokens: over a whole packed tree at once (prefix sharing), over one
 * flat trajectory, or over a padded batch of flat trajectories. All arrays are created on the given
 * manager; close it when the step is done.
 *
 * <p>Packed: token t is predicted from the hidden state of its predecessor on its root path, {@code
 * tree.parentIndex(t)}, at position id = its depth. Flat: from the token before it.
 */
public final class Forward {
  private Forward() {}

  /** Scores every token of a packed tree in one pass. */
  public static TokenScores packed(
      Qwen2Model model, PackedTree tree, AttentionKind kind, NDManager m) {
    int t = tree.tokenCount();
    NDArray tokens = m.create(tree.tokenIds(), new Shape(1, t));
    NDArray positions = m.create(tree.positionIds(), new Shape(1, t));
    Attention attention = attention(kind, tree, m);
    NDArray hidden = model.hidden(tokens, positions, attention).reshape(t, -1);
    return score(model, hidden, tree.parentIndices(), tree.tokenIds(), m);
  }

  /** The attention implementation {@code kind} selects for {@code tree}. */
  public static Attention attention(AttentionKind kind, PackedTree tree, NDManager m) {
    boolean dense =
        kind == AttentionKind.DENSE
            || (kind == AttentionKind.AUTO
                && tree.tokenCount() <= AttentionKind.AUTO_DENSE_MAX_TOKENS);
    return dense ? DenseAttention.packed(m, tree) : new SegmentAttention(m, tree);
  }

  /** Scores a plain token sequence (positions 0..n-1, causal). */
  public static TokenScores tokens(Qwen2Model model, int[] ids, NDManager m) {
    if (ids.length == 0) {
      throw new IllegalArgumentException("nothing to score: the token sequence is empty");
    }
    int n = ids.length;
    int[] positions = new int[n];
    int[] predecessor = new int[n];
    for (int i = 0; i < n; i++) {
      positions[i] = i;
      predecessor[i] = i - 1;
    }
    NDArray hidden =
        model
            .hidden(
                m.create(ids, new Shape(1, n)),
                m.create(positions, new Shape(1, n)),
                DenseAttention.causal(m, new int[] {n}, n))
            .reshape(n, -1);
    return score(model, hidden, predecessor, ids, m);
  }

  /** Scores one trajectory on its own (the flat reference). */
  public static TokenScores flat(Qwen2Model model, FlatSequence seq, NDManager m) {
    return flatBatch(model, List.of(seq), m).get(0);
  }

  /** Scores several trajectories as one padded batch (right padding, causal attention). */
  public static List<TokenScores> flatBatch(
      Qwen2Model model, List<FlatSequence> seqs, NDManager m) {
    int b = seqs.size();
    int width = 0;
    int[] lengths = new int[b];
    for (int i = 0; i < b; i++) {
      lengths[i] = seqs.get(i).length();
      width = Math.max(width, lengths[i]);
    }
    int[] tokens = new int[b * width];
    int[] positions = new int[b * width];
    for (int i = 0; i < b; i++) {
      int[] ids = seqs.get(i).tokenIds();
      System.arraycopy(ids, 0, tokens, i * width, ids.length);
      for (int j = 0; j < width; j++) {
        positions[i * width + j] = j;
      }
    }
    NDArray hidden =
        model.hidden(
            m.create(tokens, new Shape(b, width)),
            m.create(positions, new Shape(b, width)),
            DenseAttention.causal(m, lengths, width));
    List<TokenScores> out = new ArrayList<>(b);
    for (int i = 0; i < b; i++) {
      int n = lengths[i];
      NDArray rows = hidden.get(new NDIndex("{}, :{}", i, n));
      int[] predecessor = new int[n];
      for (int j = 0; j < n; j++) {
        predecessor[j] = j - 1;
      }
      out.add(score(model, rows, predecessor, seqs.get(i).tokenIds(), m));
    }
    return out;
  }

  /**
   * Log-prob of each token under the distribution at its predecessor's position, and that
   * distribution's entropy. {@code hidden} is [T, d]; tokens with predecessor -1 score 0.
   */
  private static TokenScores score(
      Qwen2Model model, NDArray hidden, int[] predecessor, int[] tokenIds, NDManager m) {
    int t = tokenIds.length;
    long[] rows = new long[t];
    float[] has = new float[t];
    for (int i = 0; i < t; i++) {
      rows[i] = Math.max(predecessor[i], 0);
      has[i] = predecessor[i] >= 0 ? 1f : 0f;
    }
    // Gather the predecessors' hidden states [T, d] before the head, not their logits [T, V]; as an
    // embedding lookup, whose backward adds rows (index_add) instead of advanced indexing's slow
    // accumulating index_put on CPU.
    NDArray atPredecessor =
        model
            .logits(
                Embedding.embedding(m.create(rows), hidden, SparseFormat.DENSE).singletonOrThrow())
            .logSoftmax(-1); // [T, V]
    NDArray target =
        m.create(tokenIds, new Shape(t, 1)).toType(ai.djl.ndarray.types.DataType.INT64, false);
    NDArray mask = m.create(has);
    NDArray lp = atPredecessor.gather(target, 1).reshape(t).mul(mask);
    NDArray entropy = atPredecessor.exp().mul(atPredecessor).sum(new int[] {-1}).neg().mul(mask);
    return new TokenScores(lp, entropy);
  }
}
