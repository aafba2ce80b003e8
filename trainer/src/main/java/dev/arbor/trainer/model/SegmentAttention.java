package dev.arbor.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import dev.arbor.tree.pack.AttentionLayout;
import dev.arbor.tree.pack.PackedTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attention over a packed tree without a T x T matrix (DESIGN.md §3). The tree's nodes are grouped
 * into blocks: maximal chains in which each node is the only child of the one before (in
 * depth-first order a chain is one contiguous token range). The queries of a block attend to the
 * keys of the block's ancestors, all visible, and to the block itself, causally. Cost: the sum over
 * blocks of block length x (ancestor tokens + block length), instead of T^2.
 *
 * <p>Blocks of the same shape (length, number of ancestor tokens), such as the G branches of one
 * prompt, are computed as one batched attention ("chunked dense blocks"), so the number of
 * operations grows with the number of distinct shapes, not of blocks. Index arrays and masks are
 * built once per forward pass and shared by all layers.
 */
public final class SegmentAttention implements Attention {

  /**
   * Blocks of one shape (length, ancestor count) computed together: their query rows, their key
   * rows (ancestors then the block, per block), and the shared additive [len, keys] mask.
   */
  private record Group(
      int blocks, int len, int keys, NDArray queryIndex, NDArray keyIndex, NDArray mask) {}

  private final List<Group> groups = new ArrayList<>();
  private final NDArray order;
  private final int tokens;
  private final int blockCount;
  private final long cost;

  /** Plans the blocks of {@code tree}; arrays are created on {@code m}. */
  public SegmentAttention(NDManager m, PackedTree tree) {
    int nodes = tree.nodeCount();
    int[] children = new int[nodes];
    for (int n = 0; n < nodes; n++) {
      if (tree.nodeParent(n) >= 0) {
        children[tree.nodeParent(n)]++;
      }
    }
    // Blocks, grouped by shape: (len, ancestors) -> rows of query and key indices.
    Map<Long, List<int[][]>> byShape = new LinkedHashMap<>();
    long total = 0;
    int count = 0;
    int n = 0;
    while (n < nodes) {
      int last = n;
      while (last + 1 < nodes && tree.nodeParent(last + 1) == last && children[last] == 1) {
        last++;
      }
      int start = tree.nodeStart(n);
      int end = tree.nodeStart(last) + tree.nodeLength(last);
      int[] spans = AttentionLayout.ancestorSpans(tree, n);
      int ancestors = 0;
      for (int s = 0; s < spans.length; s += 2) {
        ancestors += Math.max(0, Math.min(spans[s + 1], start) - spans[s]);
      }
      int len = end - start;
      int[] keys = new int[ancestors + len];
      int at = 0;
      for (int s = 0; s < spans.length; s += 2) {
        for (int j = spans[s]; j < Math.min(spans[s + 1], start); j++) {
          keys[at++] = j;
        }
      }
      int[] queries = new int[len];
      for (int j = start; j < end; j++) {
        queries[j - start] = j;
        keys[at++] = j;
      }
      byShape
          .computeIfAbsent(((long) len << 32) | ancestors, x -> new ArrayList<>())
          .add(new int[][] {queries, keys});
      total += (long) len * keys.length;
      count++;
      n = last + 1;
    }
    int t = tree.tokenCount();
    int[] position = new int[t]; // packed token -> row in the concatenated group outputs
    int row = 0;
    for (Map.Entry<Long, List<int[][]>> e : byShape.entrySet()) {
      int len = (int) (e.getKey() >>> 32);
      int ancestors = (int) (long) e.getKey();
      int keys = ancestors + len;
      List<int[][]> blocks = e.getValue();
      int[] qi = new int[blocks.size() * len];
      int[] ki = new int[blocks.size() * keys];
      for (int b = 0; b < blocks.size(); b++) {
        System.arraycopy(blocks.get(b)[0], 0, qi, b * len, len);
        System.arraycopy(blocks.get(b)[1], 0, ki, b * keys, keys);
        for (int q : blocks.get(b)[0]) {
          position[q] = row++;
        }
      }
      boolean[] allowed = new boolean[len * keys];
      for (int i = 0; i < len; i++) {
        for (int j = 0; j < ancestors + i + 1; j++) {
          allowed[i * keys + j] = true;
        }
      }
      groups.add(
          new Group(
              blocks.size(),
              len,
              keys,
              longs(m, qi),
              longs(m, ki),
              m.create(DenseAttention.toBias(allowed), new Shape(1, 1, len, keys))));
    }
    this.order = longs(m, position);
    this.tokens = t;
    this.blockCount = count;
    this.cost = total;
  }

  private static NDArray longs(NDManager m, int[] values) {
    return m.create(Arrays.stream(values).asLongStream().toArray());
  }

  /** Query-key pairs computed per head and layer (the dense form computes T^2). */
  public long cost() {
    return cost;
  }

  /** Number of blocks (chains of only-children). */
  public int blockCount() {
    return blockCount;
  }

  /** Number of groups of equally shaped blocks (one batched attention computation each). */
  public int groupCount() {
    return groups.size();
  }

  @Override
  public NDArray attend(int layer, NDArray q, NDArray kv, NDArray vv) {
    if (q.getShape().get(0) != 1) {
      throw new IllegalArgumentException("segment attention takes one packed tree (batch of 1)");
    }
    long heads = q.getShape().get(1);
    long kvHeads = kv.getShape().get(1);
    long d = q.getShape().get(3);
    // Token axis first, so that a group's rows are one gather each: [T, heads * d].
    NDArray qt = q.transpose(2, 0, 1, 3).reshape(tokens, heads * d);
    NDArray kt = kv.transpose(2, 0, 1, 3).reshape(tokens, kvHeads * d);
    NDArray vt = vv.transpose(2, 0, 1, 3).reshape(tokens, kvHeads * d);
    NDList outputs = new NDList(groups.size());
    for (Group g : groups) {
      NDArray qg =
          rows(qt, g.queryIndex()).reshape(g.blocks(), g.len(), heads, d).transpose(0, 2, 1, 3);
      NDArray kg =
          rows(kt, g.keyIndex()).reshape(g.blocks(), g.keys(), kvHeads, d).transpose(0, 2, 1, 3);
      NDArray vg =
          rows(vt, g.keyIndex()).reshape(g.blocks(), g.keys(), kvHeads, d).transpose(0, 2, 1, 3);
      outputs.add(
          Attention.groupedSoftmax(qg, kg, vg, g.mask())
              .transpose(0, 2, 1, 3)
              .reshape((long) g.blocks() * g.len(), heads * d));
    }
    NDArray all = outputs.size() == 1 ? outputs.singletonOrThrow() : NDArrays.concat(outputs, 0);
    return rows(all, order).reshape(1, tokens, heads, d).transpose(0, 2, 1, 3);
  }

  /**
   * Rows {@code index} of the matrix {@code x} [N, C], as an embedding lookup: its backward adds
   * into the rows (index_add), where advanced indexing's backward is a much slower index_put with
   * accumulation on CPU.
   */
  private static NDArray rows(NDArray x, NDArray index) {
    return Embedding.embedding(index, x, SparseFormat.DENSE).singletonOrThrow();
  }
}
