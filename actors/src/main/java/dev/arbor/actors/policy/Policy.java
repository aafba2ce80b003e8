package dev.arbor.actors.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.arbor.actors.sandbox.EpisodeHost;
import dev.arbor.actors.sandbox.Episodes;
import dev.arbor.actors.treemanager.TrajectoryCodec;
import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.trainer.agent.AgentEnvironment;
import dev.arbor.trainer.agent.AgentRollout;
import dev.arbor.trainer.agent.AgentRolloutSpec;
import dev.arbor.trainer.agent.EpisodeFormat;
import dev.arbor.trainer.generate.Generator;
import dev.arbor.trainer.generate.RolloutScorer;
import dev.arbor.trainer.generate.SamplingParams;
import dev.arbor.trainer.generate.TreeRollout;
import dev.arbor.trainer.generate.TreeRolloutSpec;
import dev.arbor.trainer.generate.TreeRolloutSpec.LogprobKind;
import dev.arbor.trainer.io.Safetensors;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.trainer.tokenizer.ByteTokenizer;
import dev.arbor.tree.Trajectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The policy role without Ray: a model and its generator at a policy version, weights swapped in
 * from the trainer's safetensors bytes, and a rollout entry point (today the single-turn {@link
 * TreeRollout} of G samples per prompt with the spec's scorer) whose trajectories leave encoded for
 * the tree manager.
 */
public final class Policy implements AutoCloseable {
  private final PolicySpec spec;
  private final RolloutScorer scorer;
  private final ByteTokenizer tokenizer = new ByteTokenizer();
  private final EpisodeFormat format = new EpisodeFormat(tokenizer);
  private final ExecutorService envSteps =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "arbor-policy-env");
            t.setDaemon(true);
            return t;
          });
  private final NDManager manager = NDManager.newBaseManager();
  private Qwen2Model model;
  private Generator generator;
  private int version;
  private long rollouts;

  public Policy(PolicySpec spec) {
    this.spec = spec;
    this.scorer = spec.newScorer();
    this.model = spec.model().load(manager);
    this.generator = new Generator(model, manager);
  }

  /** The policy version of the weights in use. */
  public int version() {
    return version;
  }

  /**
   * Replaces the weights with those of {@code version} (a safetensors file's bytes, as the trainer
   * publishes them). Older versions than the current one are refused.
   */
  public void loadWeights(int newVersion, byte[] safetensors) throws IOException {
    if (newVersion < version) {
      throw new IllegalArgumentException(
          "weights of version " + newVersion + " are older than the current " + version);
    }
    Path tmp = Files.createTempFile("arbor-policy-", ".safetensors");
    try (NDManager loading = manager.newSubManager()) {
      Files.write(tmp, safetensors);
      Map<String, NDArray> tensors;
      try (Safetensors file = Safetensors.open(tmp)) {
        tensors = file.loadAll(loading);
      }
      Qwen2Model next = Qwen2Model.of(model.config(), tensors, manager);
      generator.close();
      model.close();
      model = next;
      generator = new Generator(model, manager);
      version = newVersion;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Samples the group of one prompt and returns its trajectories encoded ({@link TrajectoryCodec}),
   * tagged with the current policy version.
   */
  public byte[] rollout(String taskId, String groupId, String prompt) {
    prepareThread();
    int[] tokens = tokenizer.encode("<bos>" + prompt + "\n");
    TreeRolloutSpec rollout =
        TreeRolloutSpec.samples(spec.groupSize(), spec.sampling())
            .withVersion(version)
            .withSeed(spec.model().seed() * 7919 + rollouts++);
    TreeRollout.Result r = TreeRollout.run(generator, rollout, taskId, groupId, tokens, scorer);
    return TrajectoryCodec.encode(r.trajectories());
  }

  /**
   * Runs {@code groupSize} agent episodes of {@code task} on {@code host} (episode ids {@code
   * groupId-k}), sharing the prompt's KV, and returns their trajectories encoded ({@link
   * TrajectoryCodec}) at the current policy version. {@code greedy} decodes at temperature 0 (for
   * evaluation); else the spec's temperature and top-p. Episodes the host loses come back
   * INFRA_FAILED.
   */
  public byte[] agentRollout(
      TaskSpec task, String groupId, int groupSize, boolean greedy, EpisodeHost host) {
    return agentRollouts(List.of(task), List.of(groupId), groupSize, greedy, host);
  }

  /**
   * {@link #agentRollout} of several tasks at once: group {@code groupIds.get(i)} of {@code
   * tasks.get(i)}, all decoded as one batch ({@link AgentRollout#runGroups}); the trajectories of
   * every group, in order, encoded together. Each group's sampling seed is the one it would get
   * from {@link #agentRollout} in the same order.
   */
  public byte[] agentRollouts(
      List<TaskSpec> tasks,
      List<String> groupIds,
      int groupSize,
      boolean greedy,
      EpisodeHost host) {
    if (tasks.size() != groupIds.size() || tasks.isEmpty()) {
      throw new IllegalArgumentException(
          tasks.size() + " tasks and " + groupIds.size() + " group ids: need as many, at least 1");
    }
    prepareThread();
    List<AgentRollout.Group> groups = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      groups.add(group(tasks.get(i), groupIds.get(i), groupSize, host));
    }
    SamplingParams sampling = greedy ? SamplingParams.greedy(spec.maxNewTokens()) : spec.sampling();
    AgentRolloutSpec rollout =
        new AgentRolloutSpec(
            format,
            sampling,
            spec.maxTurns(),
            spec.maxEpisodeTokens(),
            LogprobKind.POLICY,
            version,
            0);
    List<Trajectory> out = new ArrayList<>();
    for (AgentRollout.Result r : AgentRollout.runGroups(generator, rollout, groups, envSteps)) {
      out.addAll(r.trajectories());
    }
    return TrajectoryCodec.encode(out);
  }

  /** Resets the group's episodes on {@code host}; the prompt comes from the first that started. */
  private AgentRollout.Group group(TaskSpec task, String groupId, int groupSize, EpisodeHost host) {
    List<AgentEnvironment> envs = new ArrayList<>(groupSize);
    String system = null;
    String user = null;
    for (int k = 0; k < groupSize; k++) {
      String id = groupId + "-" + k;
      Episodes.Start start = host.reset(id, task);
      if (!start.infraFailed() && system == null) {
        system = start.system();
        user = start.user();
      }
      envs.add(new HostedEnvironment(host, id, start.infraFailed() ? start.error() : null));
    }
    if (system == null) {
      system = "";
      user = task.getInstruction();
    }
    return new AgentRollout.Group(
        task.getId(),
        groupId,
        format.prompt(system, user),
        envs,
        spec.model().seed() * 7919 + rollouts++);
  }

  /**
   * Torch settings of the calling thread (Ray runs actor methods on its own threads): no autograd
   * (on by default in threads DJL did not set up), and the spec's intra-op thread count.
   */
  private void prepareThread() {
    JniUtils.setGradMode(false);
    if (spec.torchThreads() > 0) {
      JniUtils.setNumThreads(spec.torchThreads());
    }
  }

  @Override
  public void close() {
    envSteps.shutdownNow();
    generator.close();
    model.close();
    manager.close();
  }
}
