package dev.arbor.trainer.generate;

import ai.djl.ndarray.NDManager;
import dev.arbor.trainer.model.Qwen2Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Incremental decoding with a KV cache over many sequences at once (DESIGN.md §7).
 *
 * <p>A sequence is started from a prompt ({@link #start}), forked from another at any length
 * ({@link #fork}: branches share the source's KV), extended with external tokens such as tool
 * results ({@link #append}), and continued by {@link #generate}, which prefills what is not yet
 * cached, then samples one token per live sequence per step until each stops ({@link
 * SamplingParams}). A sequence keeps its KV between calls, so a multi-turn episode never recomputes
 * its history.
 *
 * <p><b>Reuse.</b> A sequence's KV is a chain of shared, immutable blocks. Forks hold the same
 * blocks as their source; the blocks every sequence of a batch has in common are attended to once
 * as the batch's shared prefix ({@link KvCache}). With a {@link PrefixCache}, a freshly started
 * sequence looks up the longest cached prefix of its prompt; the distinct uncached remainders are
 * computed once (G samples of one prompt prefill it once) and inserted, and only the prompt's last
 * token is fed with the batch (its logits are not cached). {@link #stats()} counts tokens requested
 * and reused.
 *
 * <p><b>Reproducibility.</b> Each sequence owns a {@link java.util.SplittableRandom} seeded at
 * {@link #start} or {@link #fork} and consumes exactly one draw per sampled token, so its tokens
 * depend on its seed, its tokens and the weights only: not on which other sequences share the
 * batch, nor on their order (up to float rounding of batched matmuls, ~1e-6 in the logits, which
 * can flip a draw only on a near tie).
 *
 * <p>Token ids are validated against the vocabulary; a sequence holds at most the model's {@code
 * max_position_embeddings} tokens. Arrays live on this generator's manager (or the prefix cache's,
 * for blocks); each step runs on a sub-manager that is closed at once. Not thread-safe.
 */
public final class Generator implements Decoder, AutoCloseable {
  /** Default for copying shared KV into rows rather than referencing it: 64 MiB per batch. */
  public static final long DEFAULT_COPY_SHARED_BELOW_BYTES = 64L << 20;

  private final Qwen2Model model;
  private final long copySharedBelowBytes;
  private final PrefixCache prefixCache;
  private final NDManager manager;
  private final NDManager blockParent;
  private final Map<Integer, Sequence> sequences = new HashMap<>();
  private final int vocab;
  private final int maxPositions;
  private int nextId;
  private long requested;
  private long prefilled;
  private long decoded;
  private long generated;
  private long prefillNanos;
  private long decodeNanos;

  /** A generator without a prefix cache. */
  public Generator(Qwen2Model model, NDManager parent) {
    this(model, null, parent);
  }

  /** A generator that reuses prompt prefixes through {@code prefixCache} (null: none). */
  public Generator(Qwen2Model model, PrefixCache prefixCache, NDManager parent) {
    this(model, prefixCache, DEFAULT_COPY_SHARED_BELOW_BYTES, parent);
  }

  /**
   * A generator with an explicit memory/speed trade-off for KV every sequence of a batch shares:
   * copied into each sequence's rows while the copies take less than {@code copySharedBelowBytes}
   * (faster where per-op overhead dominates), referenced once above (0: always referenced).
   */
  public Generator(
      Qwen2Model model, PrefixCache prefixCache, long copySharedBelowBytes, NDManager parent) {
    if (copySharedBelowBytes < 0) {
      throw new IllegalArgumentException(
          "copySharedBelowBytes must be >= 0, got " + copySharedBelowBytes);
    }
    this.copySharedBelowBytes = copySharedBelowBytes;
    this.model = model;
    this.prefixCache = prefixCache;
    this.manager = parent.newSubManager();
    this.blockParent = prefixCache != null ? prefixCache.manager() : manager;
    this.vocab = model.config().vocabSize();
    this.maxPositions = model.config().maxPositionEmbeddings();
  }

  /** Starts a sequence with {@code prompt}; its sampling generator is seeded with {@code seed}. */
  @Override
  public int start(int[] prompt, long seed) {
    if (prompt.length == 0) {
      throw new IllegalArgumentException("a prompt needs at least one token");
    }
    if (prompt.length >= maxPositions) {
      throw new IllegalArgumentException(
          "prompt of "
              + prompt.length
              + " tokens leaves no room to generate: the model's max_position_embeddings is "
              + maxPositions);
    }
    checkTokens(prompt, "prompt");
    int id = nextId++;
    sequences.put(id, new Sequence(id, prompt, seed));
    return id;
  }

  /**
   * A new sequence holding the first {@code length} tokens of {@code seqId}, sharing its cached KV
   * (a branch of the same state), with its own sampling generator seeded with {@code seed}.
   */
  @Override
  public int fork(int seqId, int length, long seed) {
    Sequence src = get(seqId);
    if (length < 1 || length > src.size()) {
      throw new IllegalArgumentException(
          "fork length " + length + " outside 1.." + src.size() + " for sequence " + seqId);
    }
    int id = nextId++;
    Sequence s = new Sequence(id, src.tokens(0, length), seed);
    int kv = Math.min(length - 1, src.computed);
    int at = 0;
    List<KvBlock> blocks = new ArrayList<>();
    for (KvBlock b : src.chain) {
      if (at >= kv) {
        break;
      }
      int take = Math.min(b.length(), kv - at);
      blocks.add(take == b.length() ? b.retain() : b.slice(0, take, blockParent));
      at += take;
    }
    s.resetChain(blocks, kv);
    sequences.put(id, s);
    return id;
  }

  /** Appends external tokens (a tool result, an environment message) to a sequence. */
  @Override
  public void append(int seqId, int... tokens) {
    Sequence s = get(seqId);
    checkTokens(tokens, "appended tokens");
    if (s.size() + tokens.length > maxPositions) {
      throw new IllegalArgumentException(
          String.format(
              "appending %d tokens to sequence %d of %d exceeds max_position_embeddings %d",
              tokens.length, seqId, s.size(), maxPositions));
    }
    s.addAll(tokens);
  }

  /**
   * Brings every token but the last of each sequence into the KV cache now (the last one is fed
   * with the next generate call, which needs its logits), so that forks taken afterwards share it.
   */
  @Override
  public void prefill(List<Integer> seqIds) {
    List<Sequence> rows = resolve(seqIds);
    long before = prefilled;
    long req = 0;
    for (Sequence s : rows) {
      req += s.pending() - 1;
    }
    requested += req;
    if (prefixCache != null) {
      fromPrefixCache(rows);
    }
    int[] upto = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      upto[i] = rows.get(i).size() - 1;
    }
    advance(rows, upto);
    if (prefixCache != null) {
      prefixCache.record(req, req - (prefilled - before));
    }
  }

  /** Continues each sequence by at most {@code sampling.maxNewTokens()} tokens. */
  public List<Completion> generate(List<Integer> seqIds, SamplingParams sampling, int version) {
    int[] limits = new int[seqIds.size()];
    Arrays.fill(limits, sampling.maxNewTokens());
    return generate(seqIds, limits, sampling, version);
  }

  /**
   * Continues each sequence; sequence i generates at most {@code maxNewTokens[i]} tokens (e.g. a
   * branch that already used part of its episode's budget). Completions come in the order of {@code
   * seqIds}; the sampled tokens are appended to the sequences.
   */
  @Override
  public List<Completion> generate(
      List<Integer> seqIds, int[] maxNewTokens, SamplingParams sampling, int version) {
    List<Sequence> rows = resolve(seqIds);
    if (maxNewTokens.length != rows.size()) {
      throw new IllegalArgumentException(
          maxNewTokens.length + " token limits for " + rows.size() + " sequences");
    }
    if (version < 0) {
      throw new IllegalArgumentException("policy version must be >= 0, got " + version);
    }
    Map<Sequence, CompletionBuilder> out = new LinkedHashMap<>();
    int maxNew = 0;
    for (int i = 0; i < rows.size(); i++) {
      Sequence s = rows.get(i);
      if (maxNewTokens[i] < 1) {
        throw new IllegalArgumentException("max new tokens must be >= 1, got " + maxNewTokens[i]);
      }
      if (s.size() >= maxPositions) {
        throw new IllegalArgumentException(
            "sequence " + s.id + " already holds max_position_embeddings = " + maxPositions);
      }
      out.put(s, new CompletionBuilder(Math.min(maxNewTokens[i], maxPositions - s.size())));
      maxNew = Math.max(maxNew, maxNewTokens[i]);
    }
    long req = rows.stream().mapToLong(Sequence::pending).sum();
    requested += req;
    long before = prefilled;
    if (prefixCache != null) {
      fromPrefixCache(rows);
    }
    int maxPending = rows.stream().mapToInt(Sequence::pending).max().orElse(0);
    long t0 = System.nanoTime();
    try (DecodeBatch batch =
        DecodeBatch.of(
            model, rows, maxPending + maxNew, copySharedBelowBytes, manager, blockParent)) {
      int[][] inputs = new int[rows.size()][];
      for (int r = 0; r < rows.size(); r++) {
        Sequence s = rows.get(r);
        inputs[r] = s.tokens(s.computed, s.size());
        prefilled += inputs[r].length;
      }
      float[] logits = batch.step(inputs, true);
      if (prefixCache != null) {
        prefixCache.record(req, req - (prefilled - before));
      }
      long t1 = System.nanoTime();
      prefillNanos += t1 - t0;
      // Finished rows stay in the batch, fed nothing, until they are half of it: dropping a row
      // copies the whole cache, and a batch of many episodes would copy it once per finish.
      boolean[] finished = new boolean[rows.size()];
      while (true) {
        List<Sequence> current = batch.rows();
        List<Integer> keep = new ArrayList<>();
        for (int r = 0; r < current.size(); r++) {
          if (finished[r]) {
            continue;
          }
          Sequence s = current.get(r);
          CompletionBuilder o = out.get(s);
          Sampler.Sample x = Sampler.sample(logits, r * vocab, vocab, sampling, s.rng);
          s.add(x.token());
          generated++;
          o.add(x);
          o.finish = o.finishReason(sampling, s.size() >= maxPositions);
          if (o.finish != null) {
            batch.writeBack(r);
            finished[r] = true;
          } else {
            keep.add(r);
          }
        }
        if (keep.isEmpty()) {
          break;
        }
        if (2 * keep.size() <= current.size()) {
          batch.retainRows(keep.stream().mapToInt(Integer::intValue).toArray());
          finished = new boolean[keep.size()];
        }
        List<Sequence> live = batch.rows();
        int[][] next = new int[live.size()][];
        for (int r = 0; r < live.size(); r++) {
          Sequence s = live.get(r);
          next[r] = finished[r] ? new int[0] : new int[] {s.token(s.size() - 1)};
        }
        logits = batch.step(next, true);
        decoded += keep.size();
      }
      decodeNanos += System.nanoTime() - t1;
    }
    List<Completion> result = new ArrayList<>(rows.size());
    for (Sequence s : rows) {
      result.add(out.get(s).completion(s.id, version));
    }
    return result;
  }

  private void fromPrefixCache(List<Sequence> rows) {
    PrefixFill.fill(
        prefixCache,
        rows,
        holders -> advance(holders, holders.stream().mapToInt(Sequence::size).toArray()));
  }

  /** Computes KV so that row i covers its first {@code upto[i]} tokens; no sampling. */
  private void advance(List<Sequence> rows, int[] upto) {
    List<Sequence> work = new ArrayList<>();
    List<int[]> inputs = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Sequence s = rows.get(i);
      if (upto[i] > s.computed) {
        work.add(s);
        inputs.add(s.tokens(s.computed, upto[i]));
      }
    }
    if (work.isEmpty()) {
      return;
    }
    long t0 = System.nanoTime();
    int width = inputs.stream().mapToInt(a -> a.length).max().orElse(0);
    try (DecodeBatch batch =
        DecodeBatch.of(model, work, width, copySharedBelowBytes, manager, blockParent)) {
      batch.step(inputs.toArray(new int[0][]), false);
      for (int r = 0; r < work.size(); r++) {
        batch.writeBack(r);
        prefilled += inputs.get(r).length;
      }
    }
    prefillNanos += System.nanoTime() - t0;
  }

  /** All tokens of a sequence (prompt, generated, appended). */
  public int[] tokens(int seqId) {
    return get(seqId).tokens();
  }

  /** Number of tokens of a sequence. */
  public int length(int seqId) {
    return get(seqId).size();
  }

  /** Number of a sequence's tokens whose keys and values are cached. */
  public int cachedLength(int seqId) {
    return get(seqId).computed;
  }

  /** Forgets a sequence and releases its KV. */
  @Override
  public void release(int seqId) {
    get(seqId).releaseChain();
    sequences.remove(seqId);
  }

  /** Sequences started or forked and not yet released. */
  public int liveSequences() {
    return sequences.size();
  }

  public GeneratorStats stats() {
    return new GeneratorStats(requested, prefilled, decoded, generated, prefillNanos, decodeNanos);
  }

  /** Prefill tokens reused from the prefix cache / prefill tokens requested, in this generator. */
  public double prefixHitRate() {
    return stats().prefixHitRate();
  }

  /** The prefix cache, or null. */
  public PrefixCache prefixCache() {
    return prefixCache;
  }

  private List<Sequence> resolve(List<Integer> seqIds) {
    if (seqIds.isEmpty()) {
      throw new IllegalArgumentException("no sequences given");
    }
    Set<Integer> seen = new HashSet<>();
    List<Sequence> rows = new ArrayList<>(seqIds.size());
    for (int id : seqIds) {
      if (!seen.add(id)) {
        throw new IllegalArgumentException("sequence " + id + " is listed twice");
      }
      rows.add(get(id));
    }
    return rows;
  }

  private Sequence get(int seqId) {
    Sequence s = sequences.get(seqId);
    if (s == null) {
      throw new IllegalArgumentException(
          "unknown sequence id " + seqId + " (never started, or released)");
    }
    return s;
  }

  private void checkTokens(int[] tokens, String what) {
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] < 0 || tokens[i] >= vocab) {
        throw new IllegalArgumentException(
            what
                + "["
                + i
                + "] = "
                + tokens[i]
                + " is not a token id (vocabulary 0.."
                + (vocab - 1)
                + ")");
      }
    }
  }

  /** Releases every sequence and frees the generator's arrays (not the prefix cache). */
  @Override
  public void close() {
    for (Sequence s : sequences.values()) {
      s.releaseChain();
    }
    sequences.clear();
    manager.close();
  }
}
