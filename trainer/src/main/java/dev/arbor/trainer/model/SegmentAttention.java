package dev.arbor.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.arbor.tree.pack.AttentionLayout;
import dev.arbor.tree.pack.PackedTree;
import java.util.ArrayList;
import java.util.List;

/**
 * Attention over a packed tree without a T x T matrix (DESIGN.md §3). The tree's nodes are grouped
 * into blocks: maximal chains in which each node is the only child of the one before (in
 * depth-first order a chain is one contiguous token range). The queries of a block attend to the
 * keys of the block's ancestors, all visible, and to the block itself, causally. Cost: the sum over
 * blocks of block length x (ancestor tokens + block length), instead of T^2.
 *
 * <p>Index arrays and masks are built once per forward pass and shared by all layers.
 */
public final class SegmentAttention implements Attention {

  /** One block: its packed token range, the key indices it sees, its additive [len, keys] mask. */
  private record Block(int start, int end, NDArray keyIndex, NDArray mask) {}

  private final List<Block> blocks = new ArrayList<>();
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
    long total = 0;
    int n = 0;
    while (n < nodes) {
      int first = n;
      int last = n;
      while (last + 1 < nodes && tree.nodeParent(last + 1) == last && children[last] == 1) {
        last++;
      }
      int start = tree.nodeStart(first);
      int end = tree.nodeStart(last) + tree.nodeLength(last);
      int[] spans = AttentionLayout.ancestorSpans(tree, first);
      // The last span ends with the first node itself; ancestors are everything before `start`.
      int ancestors = 0;
      for (int s = 0; s < spans.length; s += 2) {
        ancestors += Math.max(0, Math.min(spans[s + 1], start) - spans[s]);
      }
      int len = end - start;
      int keys = ancestors + len;
      int[] index = new int[keys];
      int at = 0;
      for (int s = 0; s < spans.length; s += 2) {
        for (int j = spans[s]; j < Math.min(spans[s + 1], start); j++) {
          index[at++] = j;
        }
      }
      for (int j = start; j < end; j++) {
        index[at++] = j;
      }
      boolean[] allowed = new boolean[len * keys];
      for (int i = 0; i < len; i++) {
        for (int j = 0; j < ancestors + i + 1; j++) {
          allowed[i * keys + j] = true;
        }
      }
      blocks.add(
          new Block(
              start,
              end,
              m.create(index),
              m.create(DenseAttention.toBias(allowed), new Shape(1, 1, len, keys))));
      total += (long) len * keys;
      n = last + 1;
    }
    this.cost = total;
  }

  /** Query-key pairs computed per head and layer (the dense form computes T^2). */
  public long cost() {
    return cost;
  }

  /** Number of blocks (one batch of attention work each). */
  public int blockCount() {
    return blocks.size();
  }

  @Override
  public NDArray attend(int layer, NDArray q, NDArray kv, NDArray vv) {
    long heads = q.getShape().get(1);
    NDArray k = Attention.repeatKv(kv, heads);
    NDArray v = Attention.repeatKv(vv, heads);
    double scale = 1.0 / Math.sqrt(q.getShape().get(3));
    NDList outputs = new NDList(blocks.size());
    // Token axis first, so that a block's keys are one row gather: [T, B, H, d].
    NDArray kt = k.transpose(2, 0, 1, 3);
    NDArray vt = v.transpose(2, 0, 1, 3);
    for (Block b : blocks) {
      NDArray qb = q.get(new NDIndex(":, :, {}:{}", b.start(), b.end()));
      NDArray kb = kt.get(b.keyIndex()).transpose(1, 2, 0, 3);
      NDArray vb = vt.get(b.keyIndex()).transpose(1, 2, 0, 3);
      NDArray scores = qb.matMul(kb.swapAxes(2, 3)).mul(scale);
      NDArray weights = scores.add(b.mask()).softmax(-1);
      outputs.add(weights.matMul(vb));
    }
    return NDArrays.concat(outputs, 2);
  }
}
