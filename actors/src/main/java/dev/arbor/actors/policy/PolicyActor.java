package dev.arbor.actors.policy;

import dev.arbor.actors.ActorReady;
import dev.arbor.actors.Wire;
import java.io.IOException;

/**
 * Ray side of {@link Policy}. Weights arrive as the trainer's published object reference (Ray
 * resolves it to bytes here), rollouts leave as encoded trajectories, which the driver can pass as
 * an object reference straight to the tree manager.
 */
public final class PolicyActor implements ActorReady {
  private final Policy core;

  /**
   * @param specJson a {@link PolicySpec} as JSON
   */
  public PolicyActor(String specJson) {
    core = new Policy(Wire.read(specJson, PolicySpec.class));
  }

  /** Loads the weights of {@code version}; returns the version now in use. */
  public int loadWeights(int version, byte[] safetensors) throws IOException {
    core.loadWeights(version, safetensors);
    return core.version();
  }

  /** {@link Policy#rollout}. */
  public byte[] rollout(String taskId, String groupId, String prompt) {
    return core.rollout(taskId, groupId, prompt);
  }

  public int version() {
    return core.version();
  }
}
