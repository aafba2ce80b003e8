package dev.arbor.actors.policy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.arbor.actors.ActorReady;
import dev.arbor.actors.Wire;
import dev.arbor.actors.sandbox.SandboxActor;
import dev.arbor.actors.sandbox.SandboxClient;
import dev.arbor.proto.v1.TaskSpec;
import io.ray.api.ActorHandle;
import io.ray.api.Ray;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Ray side of {@link Policy}. Weights arrive as the trainer's published object reference (Ray
 * resolves it to bytes here), rollouts leave as encoded trajectories, which the driver can pass as
 * an object reference straight to the tree manager.
 */
public final class PolicyActor implements ActorReady {
  private final Policy core;
  private final Map<String, ActorHandle<SandboxActor>> sandboxes = new HashMap<>();

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

  /**
   * {@link Policy#agentRollout} of a task ({@code TaskSpec} bytes) on the sandbox actor named
   * {@code sandboxActor}; returns the encoded trajectories.
   */
  public byte[] agentRollout(
      byte[] taskSpec, String groupId, int groupSize, boolean greedy, String sandboxActor)
      throws InvalidProtocolBufferException {
    ActorHandle<SandboxActor> sandbox =
        sandboxes.computeIfAbsent(
            sandboxActor,
            name ->
                Ray.<ActorHandle<SandboxActor>>getActor(name)
                    .orElseThrow(
                        () -> new IllegalArgumentException("no sandbox actor named " + name)));
    return core.agentRollout(
        TaskSpec.parseFrom(taskSpec), groupId, groupSize, greedy, new SandboxClient(sandbox));
  }

  public int version() {
    return core.version();
  }
}
