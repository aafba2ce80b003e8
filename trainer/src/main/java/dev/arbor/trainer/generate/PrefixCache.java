package dev.arbor.trainer.generate;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keys and values of token prefixes, kept so that sequences sharing a prefix compute it once (G
 * samples of one prompt, a task's later episodes, restarted turns): a radix tree over token ids,
 * like {@link dev.arbor.tree.TrajectoryTree}, whose nodes hold the KV of their token run as a
 * {@link KvBlock}. A lookup walks the tree and returns the blocks of the longest cached prefix
 * (splitting a node where the match ends inside it); the {@link Generator} then prefills only the
 * remainder. Sequences hold the same block objects the tree holds, so a hit copies nothing per
 * sequence.
 *
 * <p>Bounded by a token budget: when an insert exceeds it, least-recently-used leaves are evicted
 * (their blocks are released; sequences still using them keep them alive). Statistics: tokens that
 * would have been prefilled and tokens reused, as reported by the generators using the cache
 * ({@link #prefixHitRate()}).
 *
 * <p>The cache owns a manager under which generators using it create their blocks: close the
 * generators before the cache. Not thread-safe.
 */
public final class PrefixCache implements AutoCloseable {
  private static final class Node {
    Node parent;
    int[] tokens;
    KvBlock block;
    final Map<Integer, Node> children = new HashMap<>();
    long lastUsed;
  }

  /** Counters of a prefix cache. */
  public record Stats(
      long cachedTokens,
      long tokenBudget,
      int nodes,
      long requestedTokens,
      long reusedTokens,
      long insertedTokens,
      long evictedTokens) {
    /** Tokens reused / tokens that would have been prefilled without the cache (0 when none). */
    public double hitRate() {
      return requestedTokens == 0 ? 0 : (double) reusedTokens / requestedTokens;
    }
  }

  /** The longest cached prefix: its blocks (one reference each, for the caller) and length. */
  record Match(List<KvBlock> blocks, int length) {}

  private final NDManager manager;
  private final long tokenBudget;
  private final Node root = new Node();
  private final Set<Node> nodes = new LinkedHashSet<>();
  private long cachedTokens;
  private long clock;
  private long requested;
  private long reused;
  private long inserted;
  private long evicted;

  /**
   * An empty cache holding at most {@code tokenBudget} tokens of KV.
   *
   * @throws IllegalArgumentException if the budget is not positive
   */
  public PrefixCache(NDManager parent, long tokenBudget) {
    if (tokenBudget <= 0) {
      throw new IllegalArgumentException(
          "prefix cache token budget must be > 0, got " + tokenBudget);
    }
    this.manager = parent.newSubManager();
    this.tokenBudget = tokenBudget;
    root.tokens = new int[0];
  }

  /** Tokens reused / tokens that would have been prefilled, over all generators using the cache. */
  public double prefixHitRate() {
    return stats().hitRate();
  }

  public Stats stats() {
    return new Stats(cachedTokens, tokenBudget, nodes.size(), requested, reused, inserted, evicted);
  }

  /** Tokens of KV currently held. */
  public long cachedTokens() {
    return cachedTokens;
  }

  NDManager manager() {
    return manager;
  }

  void record(long requestedTokens, long reusedTokens) {
    requested += requestedTokens;
    reused += reusedTokens;
  }

  /** The blocks of the longest cached prefix of {@code tokens[0, limit)}. */
  Match match(int[] tokens, int limit) {
    List<KvBlock> blocks = new ArrayList<>();
    long now = ++clock;
    Node n = root;
    int at = 0;
    while (at < limit) {
      Node c = n.children.get(tokens[at]);
      if (c == null) {
        break;
      }
      int k = common(c.tokens, tokens, at, limit);
      if (k < c.tokens.length) {
        c = split(c, k);
      }
      c.lastUsed = now;
      blocks.add(c.block.retain());
      at += k;
      n = c;
    }
    return new Match(blocks, at);
  }

  /**
   * Caches the KV of {@code tokens[0, length)}, given as a chain of blocks that covers exactly
   * those tokens. Parts already cached are kept; the rest becomes a new leaf that shares the
   * chain's block when one block covers it exactly, and a copy otherwise. Then evicts to the
   * budget.
   */
  void insert(int[] tokens, int length, List<KvBlock> chain) {
    int covered = 0;
    for (KvBlock b : chain) {
      covered += b.length();
    }
    if (covered != length) {
      throw new IllegalArgumentException(
          "chain covers " + covered + " tokens, the prefix has " + length);
    }
    long now = ++clock;
    Node n = root;
    int at = 0;
    while (at < length) {
      Node c = n.children.get(tokens[at]);
      if (c == null) {
        break;
      }
      int k = common(c.tokens, tokens, at, length);
      if (k < c.tokens.length) {
        c = split(c, k);
      }
      c.lastUsed = now;
      at += k;
      n = c;
    }
    if (at < length) {
      Node leaf = new Node();
      leaf.parent = n;
      leaf.tokens = Arrays.copyOfRange(tokens, at, length);
      leaf.block = range(chain, at, length);
      leaf.lastUsed = now;
      n.children.put(leaf.tokens[0], leaf);
      nodes.add(leaf);
      cachedTokens += leaf.tokens.length;
      inserted += leaf.tokens.length;
    }
    evict();
  }

  /** Tokens [from, to) of a chain as one block: a shared block if one matches, else a copy. */
  private KvBlock range(List<KvBlock> chain, int from, int to) {
    int offset = 0;
    for (KvBlock b : chain) {
      if (offset == from && offset + b.length() == to) {
        return b.retain();
      }
      offset += b.length();
    }
    return KvBlock.concat(chain, from, to, manager);
  }

  /** Splits {@code node} after its first {@code k} tokens; returns the new head node. */
  private Node split(Node node, int k) {
    Node head = new Node();
    head.parent = node.parent;
    head.tokens = Arrays.copyOfRange(node.tokens, 0, k);
    head.block = node.block.slice(0, k, manager);
    head.lastUsed = node.lastUsed;
    KvBlock tail = node.block.slice(k, node.tokens.length, manager);
    node.block.release();
    node.block = tail;
    node.tokens = Arrays.copyOfRange(node.tokens, k, node.tokens.length);
    node.parent = head;
    head.children.put(node.tokens[0], node);
    head.parent.children.put(head.tokens[0], head);
    nodes.add(head);
    return head;
  }

  private static int common(int[] run, int[] tokens, int at, int limit) {
    int k = 0;
    while (k < run.length && at + k < limit && run[k] == tokens[at + k]) {
      k++;
    }
    return k;
  }

  private void evict() {
    while (cachedTokens > tokenBudget) {
      Node victim = null;
      for (Node n : nodes) {
        if (n.children.isEmpty() && (victim == null || n.lastUsed < victim.lastUsed)) {
          victim = n;
        }
      }
      if (victim == null) {
        return;
      }
      remove(victim);
    }
  }

  private void remove(Node n) {
    n.parent.children.remove(n.tokens[0]);
    nodes.remove(n);
    n.block.release();
    cachedTokens -= n.tokens.length;
    evicted += n.tokens.length;
  }

  /** Drops every cached prefix (blocks still used by sequences stay alive until released). */
  public void clear() {
    for (Node n : nodes) {
      n.block.release();
    }
    nodes.clear();
    root.children.clear();
    cachedTokens = 0;
  }

  @Override
  public void close() {
    clear();
    manager.close();
  }
}
