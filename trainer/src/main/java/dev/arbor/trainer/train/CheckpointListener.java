package dev.arbor.trainer.train;

import dev.arbor.trainer.io.SaveOptions;
import dev.arbor.trainer.model.Qwen2Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Saves a {@link TrainerCheckpoint} every {@code every} steps into {@code dir/step-<n>} and keeps
 * the newest {@code keep}. {@link #latest(Path)} finds where to resume.
 */
public final class CheckpointListener implements TrainingListener {
  private final Path dir;
  private final long every;
  private final int keep;
  private final Qwen2Model policy;
  private final AdamW optimizer;
  private final SaveOptions options;

  public CheckpointListener(
      Path dir, long every, int keep, Qwen2Model policy, AdamW optimizer, SaveOptions options) {
    if (every <= 0 || keep <= 0) {
      throw new IllegalArgumentException(
          "checkpoint every and keep must be > 0, got " + every + ", " + keep);
    }
    this.dir = dir;
    this.every = every;
    this.keep = keep;
    this.policy = policy;
    this.optimizer = optimizer;
    this.options = options;
  }

  @Override
  public void onStep(StepMetrics metrics) {
    if (metrics.step() % every == 0) {
      save(metrics.step());
    }
  }

  /** Saves the checkpoint of {@code step} now and prunes old ones. */
  public void save(long step) {
    try {
      TrainerCheckpoint.save(dir.resolve("step-" + step), policy, optimizer, step, options);
      List<Path> all = complete(dir);
      for (int i = 0; i < all.size() - keep; i++) {
        deleteTree(all.get(i));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot save the checkpoint of step " + step + " in " + dir, e);
    }
  }

  /** The newest complete checkpoint under {@code dir}, if any. */
  public static Optional<Path> latest(Path dir) throws IOException {
    List<Path> all = complete(dir);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  private static List<Path> complete(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches("step-\\d+"))
          .filter(TrainerCheckpoint::isComplete)
          .sorted(Comparator.comparingLong(CheckpointListener::stepOf))
          .toList();
    }
  }

  private static long stepOf(Path p) {
    return Long.parseLong(p.getFileName().toString().substring("step-".length()));
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
