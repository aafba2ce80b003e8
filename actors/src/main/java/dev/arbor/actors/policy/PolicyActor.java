package dev.arbor.actors.policy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.arbor.actors.ActorReady;
import dev.arbor.actors.Wire;
import dev.arbor.actors.sandbox.SandboxActor;
import dev.arbor.actors.sandbox.SandboxClient;
import dev.arbor.proto.v1.TaskSpec;
import io.ray.api.ActorHandle;
import io.ray.api.Ray;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
    return core.agentRollout(
        TaskSpec.parseFrom(taskSpec), groupId, groupSize, greedy, sandbox(sandboxActor));
  }

  /**
   * {@link Policy#agentRollouts}: one group of each task, decoded together. {@code taskSpecs} and
   * {@code groupIds} come from {@link #tasks} and {@link #groupIds}.
   */
  public byte[] agentRollouts(
      byte[] taskSpecs, String groupIds, int groupSize, boolean greedy, String sandboxActor)
      throws IOException {
    List<TaskSpec> tasks = new ArrayList<>();
    try (ByteArrayInputStream in = new ByteArrayInputStream(taskSpecs)) {
      for (TaskSpec t; (t = TaskSpec.parseDelimitedFrom(in)) != null; ) {
        tasks.add(t);
      }
    }
    return core.agentRollouts(
        tasks, List.of(groupIds.split("\n", -1)), groupSize, greedy, sandbox(sandboxActor));
  }

  /** Tasks as {@link #agentRollouts} takes them (length-delimited {@code TaskSpec} messages). */
  public static byte[] tasks(List<TaskSpec> tasks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (TaskSpec t : tasks) {
        t.writeDelimitedTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
    return out.toByteArray();
  }

  /** Group ids as {@link #agentRollouts} takes them; an id must not contain a line break. */
  public static String groupIds(List<String> ids) {
    for (String id : ids) {
      if (id.isEmpty() || id.contains("\n")) {
        throw new IllegalArgumentException("group id must be non-empty, one line: '" + id + "'");
      }
    }
    return String.join("\n", ids);
  }

  private SandboxClient sandbox(String sandboxActor) {
    ActorHandle<SandboxActor> sandbox =
        sandboxes.computeIfAbsent(
            sandboxActor,
            name ->
                Ray.<ActorHandle<SandboxActor>>getActor(name)
                    .orElseThrow(
                        () -> new IllegalArgumentException("no sandbox actor named " + name)));
    return new SandboxClient(sandbox);
  }

  public int version() {
    return core.version();
  }
}
