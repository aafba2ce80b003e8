package dev.arbor.tree.prune;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The pruners a job can name ({@code train.prune_method}), each by its config name. */
public enum PruneMethod {
  /** {@link Pruner#entropyBestFirst(int)}: DESIGN.md §6. */
  ENTROPY("entropy"),
  /** {@link Pruner#advantageEntropy(int, double[])}. */
  ADVANTAGE_ENTROPY("advantage-entropy"),
  /** {@link Pruner#gradientDensity(int, double[])}. */
  GRADIENT_DENSITY("gradient-density");

  private final String configName;

  PruneMethod(String configName) {
    this.configName = configName;
  }

  /** The name jobs use. */
  public String configName() {
    return configName;
  }

  /** The pruner for one tree, with its trajectories' advantages in leaf order. */
  public Pruner pruner(int tokenBudget, double[] advantages) {
    return switch (this) {
      case ENTROPY -> Pruner.entropyBestFirst(tokenBudget);
      case ADVANTAGE_ENTROPY -> Pruner.advantageEntropy(tokenBudget, advantages);
      case GRADIENT_DENSITY -> Pruner.gradientDensity(tokenBudget, advantages);
    };
  }

  /**
   * The method named {@code name}.
   *
   * @throws IllegalArgumentException naming the known methods
   */
  public static PruneMethod parse(String name) {
    for (PruneMethod m : values()) {
      if (m.configName.equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "prune_method must be one of "
            + Arrays.stream(values())
                .map(m -> "'" + m.configName + "'")
                .collect(Collectors.joining(", "))
            + ", got '"
            + name
            + "'");
  }
}
