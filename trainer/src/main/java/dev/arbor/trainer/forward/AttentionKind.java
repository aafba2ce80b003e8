package dev.arbor.trainer.forward;

/** How a packed tree's attention is computed. */
public enum AttentionKind {
  /** A T x T ancestor mask: simple, quadratic in memory; the reference. */
  DENSE,
  /** Per-block ancestor spans ({@link dev.arbor.trainer.model.SegmentAttention}). */
  SEGMENT,
  /** DENSE up to {@link #AUTO_DENSE_MAX_TOKENS} packed tokens, SEGMENT above. */
  AUTO;

  /** Largest packed length for which AUTO picks the dense mask. */
  public static final int AUTO_DENSE_MAX_TOKENS = 1024;

  /** Parses {@code dense}, {@code segment} or {@code auto}. */
  public static AttentionKind parse(String s) {
    return switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "dense" -> DENSE;
      case "segment" -> SEGMENT;
      case "auto" -> AUTO;
      default ->
          throw new IllegalArgumentException(
              "unknown attention '" + s + "' (allowed: dense, segment, auto)");
    };
  }
}
