package dev.arbor.tree.pack;

import java.util.Arrays;

/**
 * The attention pattern of a packed tree in two forms (DESIGN.md §3).
 *
 * <ul>
 *   <li>{@link #denseMask(PackedTree)}: a T x T boolean matrix; simple, but quadratic in the packed
 *       length. The reference for tests.
 *   <li>{@link #ancestorSpans(PackedTree, int)}: for one node, the packed token ranges its tokens
 *       attend to (its ancestors' tokens, then its own, causally). Memory is O(path nodes) per node
 *       and the attention cost is {@link #segmentCost(PackedTree)}: the sum over nodes of node
 *       length x path length.
 * </ul>
 *
 * Both agree with {@link PackedTree#attends(int, int)}, the O(1) per-pair test.
 */
public final class AttentionLayout {
  /** Largest T for which {@link #denseMask} allocates (T x T booleans = 256 MiB). */
  public static final int MAX_DENSE_TOKENS = 16_384;

  private AttentionLayout() {}

  /** Row-major T x T mask: {@code mask[i * T + j]} is true iff token i may attend to token j. */
  public static boolean[] denseMask(PackedTree tree) {
    int t = tree.tokenCount();
    if (t > MAX_DENSE_TOKENS) {
      throw new IllegalArgumentException(
          "a dense mask of "
              + t
              + " x "
              + t
              + " tokens is too large (max "
              + MAX_DENSE_TOKENS
              + "); use the per-node span form");
    }
    boolean[] mask = new boolean[t * t];
    for (int j = 0; j < t; j++) {
      int end = tree.subtreeEnd(j);
      for (int i = j; i < end; i++) {
        mask[i * t + j] = true;
      }
    }
    return mask;
  }

  /**
   * The key ranges of node {@code n}'s tokens, as pairs {@code [start0, end0, start1, end1, ...]}
   * from the root down; the last pair is the node itself (within it, token i sees keys up to i).
   * Adjacent ranges are merged.
   */
  public static int[] ancestorSpans(PackedTree tree, int n) {
    int depth = 0;
    for (int x = n; x >= 0; x = tree.nodeParent(x)) {
      depth++;
    }
    int[] chain = new int[depth];
    for (int x = n; x >= 0; x = tree.nodeParent(x)) {
      chain[--depth] = x;
    }
    int[] spans = new int[2 * chain.length];
    int pairs = 0;
    for (int x : chain) {
      int s = tree.nodeStart(x);
      int e = s + tree.nodeLength(x);
      if (pairs > 0 && spans[2 * pairs - 1] == s) {
        spans[2 * pairs - 1] = e;
      } else {
        spans[2 * pairs] = s;
        spans[2 * pairs + 1] = e;
        pairs++;
      }
    }
    return Arrays.copyOf(spans, 2 * pairs);
  }

  /**
   * Query-key pairs the span form computes: sum over nodes of (node length x tokens on its root
   * path up to and including the node). The dense form computes T x T.
   */
  public static long segmentCost(PackedTree tree) {
    long cost = 0;
    for (int n = 0; n < tree.nodeCount(); n++) {
      int end = tree.nodeStart(n) + tree.nodeLength(n);
      long pathTokens = tree.positionId(end - 1) + 1L;
      cost += (long) tree.nodeLength(n) * pathTokens;
    }
    return cost;
  }
}
