package dev.arbor.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbor.trainer.io.Checkpoint;
import dev.arbor.trainer.io.LoadedCheckpoint;
import dev.arbor.trainer.io.Safetensors;
import dev.arbor.trainer.io.SafetensorsWriter;
import dev.arbor.trainer.io.SaveOptions;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.model.Qwen2Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.function.Function;

/**
 * A resumable training checkpoint: the policy as a Hugging Face folder in float32 (loadable by
 * transformers as is), the optimizer moments in {@code optimizer.safetensors} and the step in
 * {@code trainer_state.json}, written last so that a folder with it is complete. Resuming restores
 * weights and moments exactly, so the next step is bit for bit the one the uninterrupted run takes
 * (on CPU, same thread count).
 */
public final class TrainerCheckpoint {
  public static final String OPTIMIZER = "optimizer.safetensors";
  public static final String STATE = "trainer_state.json";

  /** What a checkpoint restored. */
  public record Restored(Qwen2Model policy, AdamW optimizer, long step) {}

  private TrainerCheckpoint() {}

  /** Writes the checkpoint of {@code step} into {@code dir}. */
  public static void save(
      Path dir, Qwen2Model policy, AdamW optimizer, long step, SaveOptions options)
      throws IOException {
    Qwen2Config c = policy.config();
    Qwen2Config float32 =
        new Qwen2Config(
            c.vocabSize(),
            c.hiddenSize(),
            c.intermediateSize(),
            c.numHiddenLayers(),
            c.numAttentionHeads(),
            c.numKeyValueHeads(),
            c.rmsNormEps(),
            c.ropeTheta(),
            c.maxPositionEmbeddings(),
            c.tieWordEmbeddings(),
            "float32");
    Files.deleteIfExists(dir.resolve(STATE));
    Checkpoint.save(dir, float32, policy.parameters(), options);
    SafetensorsWriter.float32()
        .withMetadata(Map.of("step", Long.toString(step)))
        .write(dir.resolve(OPTIMIZER), optimizer.state());
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode state = mapper.createObjectNode();
    state.put("step", step);
    state.put("optimizer_step", optimizer.step());
    state.put("optimizer_moment_origin", optimizer.momentOrigin());
    Path tmp = dir.resolve(STATE + ".tmp");
    Files.writeString(
        tmp, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(state) + "\n");
    Files.move(tmp, dir.resolve(STATE), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Whether {@code dir} holds a complete checkpoint. */
  public static boolean isComplete(Path dir) {
    return Files.isRegularFile(dir.resolve(STATE));
  }

  /**
   * Restores a checkpoint: the policy on a child of {@code manager} and an optimizer built by the
   * caller's factory, with its moments and step.
   */
  public static Restored load(
      Path dir, NDManager manager, Function<NDManager, AdamW> optimizerFactory) throws IOException {
    if (!isComplete(dir)) {
      throw new IOException(dir + ": not a complete checkpoint (no " + STATE + ")");
    }
    JsonNode state = new ObjectMapper().readTree(dir.resolve(STATE).toFile());
    long step = state.path("step").asLong(-1);
    long optimizerStep = state.path("optimizer_step").asLong(-1);
    if (step < 0 || optimizerStep < 0) {
      throw new IOException(dir.resolve(STATE) + ": missing step or optimizer_step");
    }
    // absent in checkpoints written before moments could be reset: they never were
    long momentOrigin = state.path("optimizer_moment_origin").asLong(0);
    if (momentOrigin < 0 || momentOrigin > optimizerStep) {
      throw new IOException(
          dir.resolve(STATE)
              + ": optimizer_moment_origin "
              + momentOrigin
              + " is not in [0, optimizer_step "
              + optimizerStep
              + "]");
    }
    try (NDManager loading = manager.newSubManager()) {
      LoadedCheckpoint loaded = Checkpoint.load(dir, loading);
      loaded.close();
      Qwen2Model policy = Qwen2Model.of(loaded.config(), loaded.parameters(), manager);
      AdamW optimizer = optimizerFactory.apply(manager);
      try (Safetensors moments = Safetensors.open(dir.resolve(OPTIMIZER))) {
        Map<String, NDArray> arrays = moments.loadAll(loading);
        optimizer.restoreState(arrays, optimizerStep, momentOrigin, policy.parameters());
      }
      return new Restored(policy, optimizer, step);
    }
  }
}
