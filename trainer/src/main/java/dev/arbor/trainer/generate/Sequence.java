package dev.arbor.trainer.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A sequence the {@link Generator} tracks: all its tokens, the chain of KV blocks covering the
 * first {@code computed} of them, and its own random generator. Tokens past {@code computed} are
 * pending: they enter the KV cache at the start of the next generate call (the last sampled token,
 * appended tool results, or a whole prompt).
 */
final class Sequence {
  final int id;
  final SplittableRandom rng;
  final List<KvBlock> chain = new ArrayList<>();
  private int[] tokens;
  private int size;
  int computed;

  Sequence(int id, int[] prompt, long seed) {
    this.id = id;
    this.rng = new SplittableRandom(seed);
    this.tokens = Arrays.copyOf(prompt, Math.max(16, prompt.length * 2));
    this.size = prompt.length;
  }

  int size() {
    return size;
  }

  int token(int i) {
    return tokens[i];
  }

  int[] tokens() {
    return Arrays.copyOf(tokens, size);
  }

  int[] tokens(int from, int to) {
    return Arrays.copyOfRange(tokens, from, to);
  }

  void add(int token) {
    if (size == tokens.length) {
      tokens = Arrays.copyOf(tokens, size * 2);
    }
    tokens[size++] = token;
  }

  void addAll(int[] more) {
    for (int t : more) {
      add(t);
    }
  }

  int pending() {
    return size - computed;
  }

  /** Appends a block to the chain (taking over the caller's reference). */
  void extend(KvBlock block) {
    chain.add(block);
    computed += block.length();
  }

  /** Replaces the chain (taking over the references in {@code blocks}). */
  void resetChain(List<KvBlock> blocks, int length) {
    releaseChain();
    chain.addAll(blocks);
    computed = length;
  }

  void releaseChain() {
    for (KvBlock b : chain) {
      b.release();
    }
    chain.clear();
    computed = 0;
  }
}
