package dev.arbor.actors;

import ai.djl.ndarray.NDManager;
import dev.arbor.trainer.io.Checkpoint;
import dev.arbor.trainer.io.LoadedCheckpoint;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.model.Qwen2Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Which policy model an actor builds: a named tiny configuration with seeded random weights, or a
 * Hugging Face checkpoint folder (readable from the node the actor runs on). Exactly one of the
 * two.
 *
 * @param config named configuration ({@code tiny}, {@code small}, {@code base}) or null
 * @param dir checkpoint folder or null
 * @param seed seed of random weights
 */
public record ModelSpec(String config, String dir, long seed) {

  public ModelSpec {
    if ((config == null) == (dir == null)) {
      throw new IllegalArgumentException(
          "model: give exactly one of 'config' (tiny, small, base) or 'dir' (a Hugging Face"
              + " checkpoint folder)");
    }
    if (config != null) {
      Qwen2Config.named(config);
    }
  }

  /** Builds the model; its arrays live on a sub-manager of {@code manager}. */
  public Qwen2Model load(NDManager manager) {
    if (config != null) {
      return Qwen2Model.random(Qwen2Config.named(config), seed, manager);
    }
    try (LoadedCheckpoint c = Checkpoint.load(Path.of(dir), manager)) {
      return Qwen2Model.of(c.config(), c.parameters(), manager);
    } catch (IOException e) {
      throw new UncheckedIOException("model dir " + dir + ": " + e.getMessage(), e);
    }
  }
}
