package dev.arbor.tree;

import java.util.Arrays;
import java.util.Objects;

/**
 * A run of tokens with one {@link Role}. Tokens the policy generated carry, per token, the log-prob
 * under the rollout policy, the entropy of the rollout distribution and the policy version that
 * produced them. Context tokens carry log-prob 0, entropy 0 and version {@link #NO_VERSION}.
 *
 * <p>Instances are immutable: the factories copy their inputs.
 */
public final class Segment {
  /** Version of tokens the policy did not generate. */
  public static final int NO_VERSION = -1;

  private final Role role;
  private final int[] tokens;
  private final float[] logprobs;
  private final float[] entropies;
  private final int[] versions;

  private Segment(Role role, int[] tokens, float[] logprobs, float[] entropies, int[] versions) {
    this.role = role;
    this.tokens = tokens;
    this.logprobs = logprobs;
    this.entropies = entropies;
    this.versions = versions;
  }

  /** A context segment (prompt, tool result, environment text, memory). */
  public static Segment context(Role role, int... tokens) {
    Objects.requireNonNull(role, "role");
    if (role.generated()) {
      throw new IllegalArgumentException(
          role + " tokens are generated: use Segment.generated(...) with log-probs and entropies");
    }
    requireTokens(role, tokens);
    int n = tokens.length;
    int[] versions = new int[n];
    Arrays.fill(versions, NO_VERSION);
    return new Segment(role, tokens.clone(), new float[n], new float[n], versions);
  }

  /** A segment the policy generated at one policy version. */
  public static Segment generated(
      Role role, int[] tokens, float[] logprobs, float[] entropies, int version) {
    int[] versions = new int[tokens.length];
    Arrays.fill(versions, version);
    return generated(role, tokens, logprobs, entropies, versions);
  }

  /**
   * A segment the policy generated; {@code versions} may differ per token (a partial rollout that
   * continued under newer weights).
   */
  public static Segment generated(
      Role role, int[] tokens, float[] logprobs, float[] entropies, int[] versions) {
    Objects.requireNonNull(role, "role");
    if (!role.generated()) {
      throw new IllegalArgumentException(
          role + " tokens are context: use Segment.context(role, tokens)");
    }
    requireTokens(role, tokens);
    requireLength("logprobs", logprobs.length, tokens.length);
    requireLength("entropies", entropies.length, tokens.length);
    requireLength("versions", versions.length, tokens.length);
    for (int i = 0; i < versions.length; i++) {
      if (versions[i] < 0) {
        throw new IllegalArgumentException(
            "generated token " + i + " has policy version " + versions[i] + " (must be >= 0)");
      }
    }
    return new Segment(role, tokens.clone(), logprobs.clone(), entropies.clone(), versions.clone());
  }

  /**
   * Builds a segment from per-token arrays without copying them. For codecs that already own fresh
   * arrays; the caller must not modify them afterwards.
   */
  static Segment wrap(
      Role role, int[] tokens, float[] logprobs, float[] entropies, int[] versions) {
    return new Segment(role, tokens, logprobs, entropies, versions);
  }

  private static void requireTokens(Role role, int[] tokens) {
    Objects.requireNonNull(tokens, "tokens");
    if (tokens.length == 0) {
      throw new IllegalArgumentException("a " + role + " segment needs at least one token");
    }
  }

  private static void requireLength(String what, int actual, int expected) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          what + " has " + actual + " entries but the segment has " + expected + " tokens");
    }
  }

  public Role role() {
    return role;
  }

  /** Number of tokens. */
  public int length() {
    return tokens.length;
  }

  public int token(int i) {
    return tokens[i];
  }

  public float logprob(int i) {
    return logprobs[i];
  }

  public float entropy(int i) {
    return entropies[i];
  }

  public int version(int i) {
    return versions[i];
  }

  /** A copy of the token ids. */
  public int[] tokens() {
    return tokens.clone();
  }

  /** A copy of the per-token rollout log-probs. */
  public float[] logprobs() {
    return logprobs.clone();
  }

  /** A copy of the per-token rollout entropies. */
  public float[] entropies() {
    return entropies.clone();
  }

  /** A copy of the per-token policy versions. */
  public int[] versions() {
    return versions.clone();
  }

  // Package-private raw access for the tree's hot paths (no copies).
  int[] rawTokens() {
    return tokens;
  }

  float[] rawLogprobs() {
    return logprobs;
  }

  float[] rawEntropies() {
    return entropies;
  }

  int[] rawVersions() {
    return versions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Segment s
        && role == s.role
        && Arrays.equals(tokens, s.tokens)
        && Arrays.equals(logprobs, s.logprobs)
        && Arrays.equals(entropies, s.entropies)
        && Arrays.equals(versions, s.versions);
  }

  @Override
  public int hashCode() {
    return 31 * role.hashCode() + Arrays.hashCode(tokens);
  }

  @Override
  public String toString() {
    return role + "[" + tokens.length + " tokens]";
  }
}
