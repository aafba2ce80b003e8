package dev.arbor.tasks.importer;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Options of a SWE-bench import.
 *
 * <p>Star data of a row: the stars file's count for its {@code repo} if the file lists it, else the
 * row's own {@code base.repo.stargazers_count}, else none. With {@code minStars}, rows with fewer
 * stars are rejected; rows without star data are kept (and counted in the report) unless {@code
 * requireStars} is set, which rejects them whether or not {@code minStars} is given.
 *
 * @param suite the {@code TaskSpec.suite} of the imported tasks
 * @param minStars keep only rows with at least this many stars (when they have star data)
 * @param requireStars reject rows without star data
 * @param starsFile star counts by repository
 */
public record ImportOptions(
    String suite, OptionalInt minStars, boolean requireStars, Optional<StarsFile> starsFile) {

  /** Default suite name of imported tasks. */
  public static final String DEFAULT_SUITE = "swe-bench";

  public ImportOptions {
    if (suite == null || suite.isBlank()) {
      throw new IllegalArgumentException("suite must be a non-empty name");
    }
    if (minStars.isPresent() && minStars.getAsInt() < 0) {
      throw new IllegalArgumentException("min stars must be >= 0, got " + minStars.getAsInt());
    }
  }

  /** Suite {@value #DEFAULT_SUITE}, no star filter. */
  public static ImportOptions defaults() {
    return new ImportOptions(DEFAULT_SUITE, OptionalInt.empty(), false, Optional.empty());
  }
}
