package dev.arbor.trainer.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.arbor.trainer.model.Attention;
import dev.arbor.trainer.model.Qwen2Config;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The key/value cache of a batch of sequences during incremental decoding, used as the model's
 * {@link Attention}: each layer's {@link #attend} appends the step's keys and values, then lets the
 * step's queries attend to everything cached.
 *
 * <p><b>Layout.</b> Per layer, two parts:
 *
 * <ul>
 *   <li>an optional <em>shared prefix</em> of S tokens, [1, KV, S, d], that every row attends to:
 *       the KV of a prefix all rows have in common (G samples of one prompt), held once and
 *       broadcast, never copied per row;
 *   <li>per-row <em>own columns</em>, a preallocated buffer [B, KV, C, d] written in place. Column
 *       c is a slot; for a given row a slot holds one token or is a hole.
 * </ul>
 *
 * Keys are stored transposed ([.., d, S] and [B, KV, d, C]) so that scores are one matmul. Keys are
 * rotated: the model applies the rotary embedding at each token's position id before {@code
 * attend}.
 *
 * <p><b>Steps and padding.</b> {@link #beginStep} reserves T = max(counts) new columns for all
 * rows; row b's tokens fill the first {@code counts[b]} of them and the rest are holes (right
 * padding within the step). A hole is masked out for every later query, so rows of different
 * lengths (prompts of different lengths, tool results appended to one sequence, rows with nothing
 * to do) share one batch; holes cost compute, never results. A step's query i of row b sees the
 * shared prefix, the row's valid earlier slots, and the step's slots 0..i (causal). Padding queries
 * see the same pattern (so softmax stays finite); their outputs are ignored.
 *
 * <p>Row b's {@link #length(int)} = S + its valid slots = the position id of its next token; {@link
 * #positions} gives the [B, T] position ids of a step.
 *
 * <p>All cache arrays live on the cache's own manager; every array derived from them during a step
 * is created on the step's manager (the manager of the queries). Close the cache to free it. Not
 * thread-safe.
 */
public final class KvCache implements Attention, AutoCloseable {
  private final NDManager manager;
  private final int layers;
  private final int kvHeads;
  private final int headDim;
  private final int groups;
  private int rows;
  private int capacity;
  private NDArray[] keysT; // [B, KV, d, C]
  private NDArray[] values; // [B, KV, C, d]
  private boolean[][] valid;
  private int[] ownLength;
  private int used;

  // Shared prefix, possibly referenced from blocks owned elsewhere.
  private NDArray[] sharedKeysT; // [1, KV, d, S]
  private NDArray[] sharedValues; // [1, KV, S, d]
  private int sharedLength;

  // The step in progress.
  private boolean stepped;
  private NDArray stepMask;
  private int stepColumn;
  private int stepWidth;
  private int[] stepCounts;
  private int nextLayer = -1;

  private KvCache(Qwen2Config config, int rows, int capacity, NDManager parent) {
    if (rows <= 0) {
      throw new IllegalArgumentException("a KV cache needs at least one row, got " + rows);
    }
    this.manager = parent.newSubManager();
    this.layers = config.numHiddenLayers();
    this.kvHeads = config.numKeyValueHeads();
    this.headDim = config.headDim();
    this.groups = config.groups();
    this.rows = rows;
    this.capacity = Math.max(1, capacity);
    this.keysT = new NDArray[layers];
    this.values = new NDArray[layers];
    for (int l = 0; l < layers; l++) {
      keysT[l] = manager.zeros(new Shape(rows, kvHeads, headDim, this.capacity));
      values[l] = manager.zeros(new Shape(rows, kvHeads, this.capacity, headDim));
    }
    this.valid = new boolean[rows][this.capacity];
    this.ownLength = new int[rows];
  }

  /**
   * An empty cache for {@code rows} sequences of {@code config}'s model, with room for {@code
   * capacity} own columns (it grows when a step needs more).
   */
  public static KvCache create(Qwen2Config config, int rows, int capacity, NDManager parent) {
    return new KvCache(config, rows, capacity, parent);
  }

  /** Number of rows (sequences) in the batch. */
  public int rows() {
    return rows;
  }

  /** Own columns in use (valid slots and holes). */
  public int columns() {
    return used;
  }

  /** Length of the shared prefix every row attends to. */
  public int sharedLength() {
    return sharedLength;
  }

  /** Tokens cached for {@code row}: the shared prefix plus its valid own slots. */
  public int length(int row) {
    checkRow(row);
    return sharedLength + ownLength[row];
  }

  /**
   * Uses the given per-layer tensors as the shared prefix of every row. The cache does not take
   * them over: the caller keeps them alive until the cache is closed. Only on a fresh cache.
   *
   * @param keysT per layer [1, KV, d, S]
   * @param vals per layer [1, KV, S, d]
   */
  void setShared(NDArray[] keysT, NDArray[] vals, int length) {
    if (used > 0 || stepped) {
      throw new IllegalStateException("the shared prefix must be set before loading or stepping");
    }
    this.sharedKeysT = keysT;
    this.sharedValues = vals;
    this.sharedLength = length;
  }

  /**
   * Copies cached per-layer KV into row {@code row}'s next own columns, as if they had been
   * computed there ({@code keysT} [1, KV, d, n], {@code vals} [1, KV, n, d]). Only before the first
   * step; rows may load different amounts (the shorter ones get holes).
   */
  void load(int row, NDArray[] keysT, NDArray[] vals, int n, NDManager step) {
    checkRow(row);
    if (stepped) {
      throw new IllegalStateException("cached KV can only be loaded before the first step");
    }
    int from = ownLength[row];
    ensureCapacity(from + n);
    for (int l = 0; l < layers; l++) {
      this.keysT[l].set(
          new NDIndex("{}, ..., {}:{}", row, from, from + n), keysT[l].get(step, new NDIndex("0")));
      this.values[l].set(
          new NDIndex("{}, ..., {}:{}, :", row, from, from + n),
          vals[l].get(step, new NDIndex("0")));
    }
    Arrays.fill(valid[row], from, from + n, true);
    ownLength[row] = from + n;
    used = Math.max(used, from + n);
  }

  /**
   * Starts a step in which row b adds {@code counts[b]} tokens (0 allowed). Reserves T =
   * max(counts) own columns and builds the step's mask on {@code step}. Call the model's forward
   * with T tokens per row (padded on the right) and {@link #positions} next; each layer's {@link
   * #attend} then writes its keys and values.
   */
  public void beginStep(NDManager step, int[] counts) {
    if (counts.length != rows) {
      throw new IllegalArgumentException(
          "counts has " + counts.length + " entries, the cache has " + rows + " rows");
    }
    if (nextLayer >= 0) {
      throw new IllegalStateException(
          "the previous step stopped at layer " + nextLayer + " of " + layers);
    }
    int t = 0;
    for (int c : counts) {
      if (c < 0) {
        throw new IllegalArgumentException("negative token count in " + Arrays.toString(counts));
      }
      t = Math.max(t, c);
    }
    if (t == 0) {
      throw new IllegalArgumentException("a step needs at least one token in some row");
    }
    ensureCapacity(used + t);
    int keys = used + t;
    float[] bias = new float[rows * t * keys];
    boolean masked = false;
    for (int b = 0; b < rows; b++) {
      for (int i = 0; i < t; i++) {
        int base = (b * t + i) * keys;
        for (int j = 0; j < keys; j++) {
          boolean allowed = j < used ? valid[b][j] : j - used <= i;
          if (!allowed) {
            bias[base + j] = Float.NEGATIVE_INFINITY;
            masked = true;
          }
        }
      }
    }
    // A decoding step over rows without holes sees everything: no mask to add.
    stepMask = masked ? step.create(bias, new Shape(rows, 1, 1, t, keys)) : null;
    stepped = true;
    stepColumn = used;
    stepWidth = t;
    stepCounts = counts.clone();
    nextLayer = 0;
  }

  /** Position ids [B * T] (row-major) of the step just begun: row b's i-th token at length + i. */
  public int[] positions() {
    requireStep();
    int[] p = new int[rows * stepWidth];
    for (int b = 0; b < rows; b++) {
      for (int i = 0; i < stepWidth; i++) {
        p[b * stepWidth + i] = length(b) + i;
      }
    }
    return p;
  }

  /** Width T of the step just begun. */
  public int stepWidth() {
    requireStep();
    return stepWidth;
  }

  @Override
  public NDArray attend(int layer, NDArray q, NDArray k, NDArray v) {
    requireStep();
    if (layer != nextLayer) {
      throw new IllegalStateException("expected layer " + nextLayer + ", got " + layer);
    }
    NDManager m = q.getManager();
    long t = stepWidth;
    int c0 = stepColumn;
    int keys = c0 + stepWidth;
    // "..." rather than ":, :, ...": DJL turns every ":" into a slice op, a cost on each decode
    // step.
    keysT[layer].set(new NDIndex("..., {}:{}", c0, keys), k.swapAxes(2, 3));
    values[layer].set(new NDIndex("..., {}:{}, :", c0, keys), v);
    NDArray q5 = q.reshape(rows, kvHeads, groups, t, headDim); // q comes scaled by 1/sqrt(d)
    NDArray ownK = keysT[layer].get(m, new NDIndex("..., :{}", keys)).expandDims(2);
    NDArray ownV = values[layer].get(m, new NDIndex("..., :{}, :", keys)).expandDims(2);
    NDArray own = q5.matMul(ownK); // [B, KV, G, T, keys]
    if (stepMask != null) {
      own = own.add(stepMask);
    }
    NDArray out;
    if (sharedLength == 0) {
      out = own.softmax(-1).matMul(ownV);
    } else {
      NDArray sk = sharedKeysT[layer].get(m, new NDIndex("...")).expandDims(2);
      NDArray sv = sharedValues[layer].get(m, new NDIndex("...")).expandDims(2);
      NDArray p = NDArrays.concat(new NDList(q5.matMul(sk), own), -1).softmax(-1);
      NDArray ps = p.get(new NDIndex("..., :{}", sharedLength));
      NDArray po = p.get(new NDIndex("..., {}:", sharedLength));
      out = ps.matMul(sv).add(po.matMul(ownV));
    }
    if (++nextLayer == layers) {
      finishStep();
    }
    return out.reshape(rows, (long) kvHeads * groups, t, headDim);
  }

  private void finishStep() {
    for (int b = 0; b < rows; b++) {
      Arrays.fill(valid[b], stepColumn, stepColumn + stepCounts[b], true);
      ownLength[b] += stepCounts[b];
    }
    used = stepColumn + stepWidth;
    stepMask = null;
    stepCounts = null;
    nextLayer = -1;
  }

  /**
   * Copies row {@code row}'s valid own slots from column {@code from} on, in order, per layer into
   * new contiguous arrays on {@code target}: [0] keys transposed [1, KV, d, n], [1] values [1, KV,
   * n, d]. Returns null when there are none.
   */
  NDArray[][] copyRow(int row, int from, NDManager target) {
    checkRow(row);
    List<int[]> runs = new ArrayList<>();
    for (int j = from; j < used; j++) {
      if (valid[row][j]) {
        int s = j;
        while (j < used && valid[row][j]) {
          j++;
        }
        runs.add(new int[] {s, j});
      }
    }
    if (runs.isEmpty()) {
      return null;
    }
    NDArray[][] out = new NDArray[2][layers];
    for (int l = 0; l < layers; l++) {
      NDList ks = new NDList();
      NDList vs = new NDList();
      for (int[] r : runs) {
        ks.add(keysT[l].get(target, new NDIndex("{}:{}, ..., {}:{}", row, row + 1, r[0], r[1])));
        vs.add(
            values[l].get(target, new NDIndex("{}:{}, ..., {}:{}, :", row, row + 1, r[0], r[1])));
      }
      // concat (or duplicate) copies: the block must not alias the reusable buffer.
      out[0][l] = ks.size() == 1 ? ks.get(0).duplicate() : NDArrays.concat(ks, 3);
      out[1][l] = vs.size() == 1 ? vs.get(0).duplicate() : NDArrays.concat(vs, 2);
    }
    return out;
  }

  /** Keeps only the given rows, in the given order (finished sequences leave the batch). */
  public void retainRows(int[] keep) {
    if (nextLayer >= 0) {
      throw new IllegalStateException("cannot drop rows in the middle of a step");
    }
    for (int r : keep) {
      checkRow(r);
    }
    long[] idx = Arrays.stream(keep).asLongStream().toArray();
    try (NDManager tmp = manager.newSubManager()) {
      NDArray index = tmp.create(idx);
      for (int l = 0; l < layers; l++) {
        NDArray k = keysT[l].get(index);
        NDArray v = values[l].get(index);
        k.attach(manager);
        v.attach(manager);
        keysT[l].close();
        values[l].close();
        keysT[l] = k;
        values[l] = v;
      }
    }
    boolean[][] nv = new boolean[keep.length][];
    int[] nl = new int[keep.length];
    for (int i = 0; i < keep.length; i++) {
      nv[i] = valid[keep[i]];
      nl[i] = ownLength[keep[i]];
    }
    valid = nv;
    ownLength = nl;
    rows = keep.length;
  }

  private void ensureCapacity(int needed) {
    if (needed <= capacity) {
      return;
    }
    int cap = Math.max(needed, capacity * 2);
    for (int l = 0; l < layers; l++) {
      NDArray k = manager.zeros(new Shape(rows, kvHeads, headDim, cap));
      NDArray v = manager.zeros(new Shape(rows, kvHeads, cap, headDim));
      k.set(new NDIndex("..., :{}", capacity), keysT[l]);
      v.set(new NDIndex("..., :{}, :", capacity), values[l]);
      keysT[l].close();
      values[l].close();
      keysT[l] = k;
      values[l] = v;
    }
    for (int b = 0; b < rows; b++) {
      valid[b] = Arrays.copyOf(valid[b], cap);
    }
    capacity = cap;
  }

  private void requireStep() {
    if (nextLayer < 0 || stepCounts == null) {
      throw new IllegalStateException("call beginStep(...) before the forward pass");
    }
  }

  private void checkRow(int row) {
    if (row < 0 || row >= rows) {
      throw new IllegalArgumentException("row " + row + " out of range 0.." + (rows - 1));
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
