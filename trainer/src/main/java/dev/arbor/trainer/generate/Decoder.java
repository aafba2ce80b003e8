package dev.arbor.trainer.generate;

import java.util.List;

/**
 * The sequence operations a rollout needs from a {@link Generator}: start, prefill, fork, generate,
 * append, release. {@link Generator} is the implementation; the interface exists so that a rollout
 * loop can also be driven by a scripted decoder in tests (e.g. one that emits a teacher's turns
 * token for token, to check that a rollout and a tokenised teacher episode agree).
 */
public interface Decoder {
  /** Starts a sequence with {@code prompt}, its sampling seeded with {@code seed}. */
  int start(int[] prompt, long seed);

  /** Computes the KV of every token but the last of each sequence now. */
  void prefill(List<Integer> seqIds);

  /** A new sequence holding the first {@code length} tokens of {@code seqId}. */
  int fork(int seqId, int length, long seed);

  /** Continues each sequence i by at most {@code maxNewTokens[i]} tokens. */
  List<Completion> generate(
      List<Integer> seqIds, int[] maxNewTokens, SamplingParams sampling, int version);

  /** Appends external tokens (a tool result) to a sequence. */
  void append(int seqId, int... tokens);

  /** Forgets a sequence and releases its KV. */
  void release(int seqId);
}
