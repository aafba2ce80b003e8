package dev.arbor.trainer.forward;

/** How a packed tree's attention is computed. */
public enum AttentionKind {
  /** A T x T ancestor mask: simple, quadratic in memory; the reference. */
  DENSE,
  /** Per-block ancestor spans ({@link dev.arbor.trainer.model.SegmentAttention}). */
  SEGMENT,
  /** DENSE up to {@link #AUTO_DENSE_MAX_TOKENS} packed tokens, SEGMENT above. */
  AUTO;

  /**
   * Largest packed length for which AUTO picks the dense mask. Measured crossover (`arbor bench
   * packing`, model small, 2 threads): dense vs segment 27 vs 39 ms at 285 tokens, 51 vs 51 at 512,
   * 59 vs 71 at 541; 70 vs 63 at 615, 77 vs 66 at 696, 86 vs 80 at 776, 154 vs 106 at 1024.
   */
  public static final int AUTO_DENSE_MAX_TOKENS = 600;

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
