package dev.arbor.tree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A radix tree over token ids that merges trajectories by their longest common prefix (DESIGN.md
 * §3).
 *
 * <p>A node is a run of tokens of one role. Inserting walks the tree token by token and splits a
 * node where the new trajectory diverges, also in the middle of a node, and at every segment
 * boundary of the inserted trajectory. Two tokens merge when their id and role agree and, for
 * generated tokens, their policy version agrees too; the merged token keeps the rollout log-prob
 * and entropy of the first trajectory that brought it (under one policy version the same context
 * gives the same distribution).
 *
 * <p>Storage is a set of parallel primitive arrays, grown by doubling: node {@code n}'s tokens are
 * {@code tokens[start[n] .. start[n]+length[n])}. Node 0 is the root, a sentinel with no tokens.
 * Splitting a node never moves tokens: the head becomes a new node and the original node keeps the
 * tail, so that references to it (trajectory ends, children) stay valid.
 *
 * <p>Not thread-safe. Use {@link dev.arbor.tree.pack.PackedTree#of(TrajectoryTree)} for the
 * depth-first packed layout the trainer consumes.
 */
public final class TrajectoryTree {
  /** Id of the root sentinel node. */
  public static final int ROOT = 0;

  private static final int NONE = -1;

  // Node arrays.
  private int nodeCount;
  private int[] start;
  private int[] length;
  private int[] parent;
  private int[] firstChild;
  private int[] nextSibling;
  private int[] reach;
  private int[] depth;
  private byte[] role;

  // Token arrays, indexed by start[n] + offset.
  private int tokenCount;
  private int[] tokens;
  private float[] logprobs;
  private float[] entropies;
  private int[] versions;

  private final List<Leaf> leaves = new ArrayList<>();
  private final Set<String> ids = new HashSet<>();

  /** An empty tree. */
  public TrajectoryTree() {
    this(16, 1024);
  }

  private TrajectoryTree(int nodeCapacity, int tokenCapacity) {
    start = new int[nodeCapacity];
    length = new int[nodeCapacity];
    parent = new int[nodeCapacity];
    firstChild = new int[nodeCapacity];
    nextSibling = new int[nodeCapacity];
    reach = new int[nodeCapacity];
    depth = new int[nodeCapacity];
    role = new byte[nodeCapacity];
    tokens = new int[tokenCapacity];
    logprobs = new float[tokenCapacity];
    entropies = new float[tokenCapacity];
    versions = new int[tokenCapacity];
    nodeCount = 1;
    parent[ROOT] = NONE;
    firstChild[ROOT] = NONE;
    nextSibling[ROOT] = NONE;
  }

  /** A tree holding the given trajectories, inserted in order. */
  public static TrajectoryTree of(Iterable<Trajectory> trajectories) {
    TrajectoryTree tree = new TrajectoryTree();
    for (Trajectory t : trajectories) {
      tree.insert(t);
    }
    return tree;
  }

  /**
   * Inserts a trajectory, merging it with the longest common prefix already in the tree.
   *
   * @return the index of the trajectory's leaf ({@link #leaf(int)})
   * @throws IllegalArgumentException if a trajectory with the same id is already in the tree
   */
  public int insert(Trajectory trajectory) {
    Objects.requireNonNull(trajectory, "trajectory");
    if (!ids.add(trajectory.id())) {
      throw new IllegalArgumentException(
          "trajectory id '" + trajectory.id() + "' is already in the tree");
    }
    List<Segment> segments = trajectory.segments();
    int[] segmentLengths = new int[segments.size()];
    reach[ROOT]++;
    int node = ROOT;
    int offset = 0; // tokens of `node` that the walk has matched
    for (int s = 0; s < segments.size(); s++) {
      Segment segment = segments.get(s);
      segmentLengths[s] = segment.length();
      int[] segTokens = segment.rawTokens();
      int[] segVersions = segment.rawVersions();
      byte segRole = segment.role().code();
      boolean generated = segment.role().generated();
      int n = segTokens.length;
      int p = 0;
      while (p < n) {
        if (offset == length[node]) {
          int child = findChild(node, segRole, segTokens[p], segVersions[p], generated);
          if (child == NONE) {
            node = appendNode(node, segment, p);
            offset = n - p;
            break;
          }
          node = child;
          offset = 0;
          reach[child]++;
        }
        int base = start[node] + offset;
        int limit = Math.min(length[node] - offset, n - p);
        int k = 0;
        if (generated) {
          while (k < limit
              && tokens[base + k] == segTokens[p + k]
              && versions[base + k] == segVersions[p + k]) {
            k++;
          }
        } else {
          while (k < limit && tokens[base + k] == segTokens[p + k]) {
            k++;
          }
        }
        offset += k;
        p += k;
        if (p < n && offset < length[node]) {
          node = splitBefore(node, offset);
        }
      }
      if (offset < length[node]) {
        node = splitBefore(node, offset);
      }
    }
    leaves.add(
        new Leaf(
            trajectory.id(),
            trajectory.taskId(),
            trajectory.groupId(),
            trajectory.reward(),
            trajectory.status(),
            node,
            segmentLengths));
    return leaves.size() - 1;
  }

  private int findChild(int node, byte segRole, int token, int version, boolean generated) {
    for (int c = firstChild[node]; c != NONE; c = nextSibling[c]) {
      int at = start[c];
      if (role[c] == segRole && tokens[at] == token && (!generated || versions[at] == version)) {
        return c;
      }
    }
    return NONE;
  }

  /** Adds a child of {@code parentNode} holding {@code segment[from..]}; counts one reach. */
  private int appendNode(int parentNode, Segment segment, int from) {
    int n = segment.length() - from;
    int node = newNode(parentNode, tokenCount, n, segment.role().code());
    ensureTokenCapacity(tokenCount + n);
    System.arraycopy(segment.rawTokens(), from, tokens, tokenCount, n);
    System.arraycopy(segment.rawLogprobs(), from, logprobs, tokenCount, n);
    System.arraycopy(segment.rawEntropies(), from, entropies, tokenCount, n);
    System.arraycopy(segment.rawVersions(), from, versions, tokenCount, n);
    tokenCount += n;
    depth[node] = depth[parentNode] + length[parentNode];
    reach[node] = 1;
    firstChild[node] = NONE;
    nextSibling[node] = firstChild[parentNode];
    firstChild[parentNode] = node;
    return node;
  }

  /**
   * Splits {@code node} before its token {@code at}: a new head node takes the first {@code at}
   * tokens and {@code node} keeps the rest as the head's only child. Called while the inserting
   * trajectory stands inside {@code node}, which it will not continue into (it may re-enter it
   * through {@link #findChild}); returns the head.
   */
  private int splitBefore(int node, int at) {
    int head = newNode(parent[node], start[node], at, role[node]);
    depth[head] = depth[node];
    reach[head] = reach[node];
    // The head takes the node's place among its siblings.
    int p = parent[node];
    nextSibling[head] = nextSibling[node];
    if (firstChild[p] == node) {
      firstChild[p] = head;
    } else {
      int c = firstChild[p];
      while (nextSibling[c] != node) {
        c = nextSibling[c];
      }
      nextSibling[c] = head;
    }
    firstChild[head] = node;
    nextSibling[node] = NONE;
    parent[node] = head;
    start[node] += at;
    length[node] -= at;
    depth[node] += at;
    reach[node] -= 1;
    return head;
  }

  private int newNode(int parentNode, int tokenStart, int tokenLength, byte nodeRole) {
    if (nodeCount == start.length) {
      int cap = nodeCount * 2;
      start = Arrays.copyOf(start, cap);
      length = Arrays.copyOf(length, cap);
      parent = Arrays.copyOf(parent, cap);
      firstChild = Arrays.copyOf(firstChild, cap);
      nextSibling = Arrays.copyOf(nextSibling, cap);
      reach = Arrays.copyOf(reach, cap);
      depth = Arrays.copyOf(depth, cap);
      role = Arrays.copyOf(role, cap);
    }
    int node = nodeCount++;
    parent[node] = parentNode;
    start[node] = tokenStart;
    length[node] = tokenLength;
    role[node] = nodeRole;
    return node;
  }

  private void ensureTokenCapacity(int needed) {
    if (needed > tokens.length) {
      int cap = Math.max(needed, tokens.length * 2);
      tokens = Arrays.copyOf(tokens, cap);
      logprobs = Arrays.copyOf(logprobs, cap);
      entropies = Arrays.copyOf(entropies, cap);
      versions = Arrays.copyOf(versions, cap);
    }
  }

  /**
   * Rebuilds a tree from its checked canonical columns (node ids = column index + 1), taking the
   * token arrays over. Reach counts and depths are recomputed.
   */
  public static TrajectoryTree fromColumns(TreeColumns columns) {
    return TreeRestore.restore(columns);
  }

  /** An empty tree with room for {@code nodes} nodes besides the root, for {@link TreeRestore}. */
  static TrajectoryTree withCapacity(int nodes, int tokens) {
    return new TrajectoryTree(nodes + 1, Math.max(1, tokens));
  }

  /**
   * Appends a node whose tokens are already at {@code [tokenStart, tokenStart + tokenLength)} of
   * the arrays that {@link #adoptTokens} will install; for {@link TreeRestore}.
   */
  int restoreNode(int parentNode, int tokenStart, int tokenLength, byte nodeRole) {
    int node = newNode(parentNode, tokenStart, tokenLength, nodeRole);
    depth[node] = depth[parentNode] + length[parentNode];
    firstChild[node] = NONE;
    nextSibling[node] = firstChild[parentNode];
    firstChild[parentNode] = node;
    return node;
  }

  /** Installs the token arrays of a restored tree, without copying; for {@link TreeRestore}. */
  void adoptTokens(int[] ids, float[] lps, float[] ents, int[] vers) {
    tokens = ids;
    logprobs = lps;
    entropies = ents;
    versions = vers;
    tokenCount = ids.length;
  }

  /** Adds a leaf of a restored tree and counts its reach; for {@link TreeRestore}. */
  void restoreLeaf(Leaf leaf) {
    ids.add(leaf.id());
    for (int x = leaf.terminalNode(); x != NONE; x = parent[x]) {
      reach[x]++;
    }
    leaves.add(leaf);
  }

  // ---- Read access -------------------------------------------------------------------------

  /** Number of nodes, the root sentinel included. */
  public int nodeCount() {
    return nodeCount;
  }

  /** Number of distinct tokens stored (the packed length). */
  public int tokenCount() {
    return tokenCount;
  }

  /** Number of trajectories inserted. */
  public int trajectoryCount() {
    return leaves.size();
  }

  /** Sum of the lengths of all trajectories (the flat length). */
  public long flatTokenCount() {
    return Leaf.totalLength(leaves);
  }

  public Leaf leaf(int index) {
    return leaves.get(index);
  }

  /** The leaves in insertion order. */
  public List<Leaf> leaves() {
    return List.copyOf(leaves);
  }

  public int parent(int node) {
    return parent[node];
  }

  public int length(int node) {
    return length[node];
  }

  /** Number of tokens on the root path before the node's first token. */
  public int depth(int node) {
    return depth[node];
  }

  /** Number of trajectories whose path passes through the node. */
  public int reach(int node) {
    return reach[node];
  }

  public Role role(int node) {
    return Role.ofCode(role[node]);
  }

  /** Children of a node, in insertion order. */
  public int[] children(int node) {
    int n = 0;
    for (int c = firstChild[node]; c != NONE; c = nextSibling[c]) {
      n++;
    }
    int[] out = new int[n];
    for (int c = firstChild[node]; c != NONE; c = nextSibling[c]) {
      out[--n] = c; // the list is newest-first
    }
    return out;
  }

  /** Token {@code i} of a node. */
  public int token(int node, int i) {
    return tokens[start[node] + i];
  }

  public float logprob(int node, int i) {
    return logprobs[start[node] + i];
  }

  public float entropy(int node, int i) {
    return entropies[start[node] + i];
  }

  public int version(int node, int i) {
    return versions[start[node] + i];
  }

  /** Copies a node's per-token data into the given arrays at {@code at}. */
  public void copyTokenData(
      int node,
      int[] dstTokens,
      float[] dstLogprobs,
      float[] dstEntropies,
      int[] dstVersions,
      int at) {
    int from = start[node];
    int n = length[node];
    System.arraycopy(tokens, from, dstTokens, at, n);
    System.arraycopy(logprobs, from, dstLogprobs, at, n);
    System.arraycopy(entropies, from, dstEntropies, at, n);
    System.arraycopy(versions, from, dstVersions, at, n);
  }

  /** The nodes from the root's first child down to {@code node}, in order. */
  public int[] pathTo(int node) {
    int n = 0;
    for (int x = node; x != ROOT; x = parent[x]) {
      n++;
    }
    int[] path = new int[n];
    for (int x = node; x != ROOT; x = parent[x]) {
      path[--n] = x;
    }
    return path;
  }

  /** The trajectory of leaf {@code index}, exactly as it was inserted (up to merged log-probs). */
  public Trajectory trajectory(int index) {
    return TrajectoryReader.read(this, leaves.get(index));
  }

  /** Every trajectory, in insertion order. */
  public List<Trajectory> trajectories() {
    List<Trajectory> out = new ArrayList<>(leaves.size());
    for (int i = 0; i < leaves.size(); i++) {
      out.add(trajectory(i));
    }
    return out;
  }
}
