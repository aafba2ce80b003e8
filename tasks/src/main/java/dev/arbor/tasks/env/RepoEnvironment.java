package dev.arbor.tasks.env;

import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.proto.v1.ToolCall;
import dev.arbor.proto.v1.ToolResult;
import dev.arbor.proto.v1.ToolStatus;
import dev.arbor.tasks.InfraFailure;
import dev.arbor.tasks.env.verify.TestVerifier;
import dev.arbor.tasks.sandbox.ExecResult;
import dev.arbor.tasks.sandbox.Sandbox;
import dev.arbor.tasks.sandbox.SandboxFactory;
import dev.arbor.tasks.sandbox.SandboxLimits;
import dev.arbor.tasks.tools.Episode;
import dev.arbor.tasks.tools.ToolContext;
import dev.arbor.tasks.tools.ToolRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An {@link Environment} for repository tasks (mini-swe, SWE-bench-style): each episode gets a
 * sandbox with a private working copy of the task's repository snapshot; the setup commands run
 * there; the agent's tool calls run there (in parallel within a turn); {@link #verify()} runs the
 * task's tests there with {@link TestVerifier}.
 *
 * <p>Infrastructure failures: {@link #reset} throws {@link InfraFailure} when the snapshot cannot
 * be copied, the sandbox does not start or a setup command fails (with the command and its output
 * in the message); a tool call that meets one returns an INFRA_ERROR result, and {@link #verify()}
 * then reports {@link Reward#infraFailed} for the episode, whatever the tests say.
 *
 * <p>Not thread-safe across episodes: one episode at a time, driven by one caller.
 */
public final class RepoEnvironment implements Environment {

  /**
   * @param limits sandbox limits before the task's own {@code limits} override them
   * @param setupTimeout wall clock per setup command
   * @param verify options of the test run
   */
  public record Options(SandboxLimits limits, Duration setupTimeout, TestVerifier.Options verify) {
    public static Options defaults() {
      return new Options(
          SandboxLimits.defaults(), Duration.ofMinutes(10), TestVerifier.Options.defaults());
    }

    public Options withLimits(SandboxLimits value) {
      return new Options(value, setupTimeout, verify);
    }
  }

  private final SandboxFactory sandboxes;
  private final ToolRegistry tools;
  private final Options options;
  private final ExecutorService pool;

  private TaskSpec task;
  private Sandbox sandbox;
  private ToolRegistry allowed;
  private Episode episode;
  private volatile String infraError;
  private boolean closed;

  public RepoEnvironment(SandboxFactory sandboxes, ToolRegistry tools, Options options) {
    this.sandboxes = sandboxes;
    this.tools = tools;
    this.options = options;
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "arbor-env-step");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public Observation reset(TaskSpec task) {
    if (closed) {
      throw new IllegalStateException("environment is closed");
    }
    if (task.getId().isBlank()) {
      throw new IllegalArgumentException("task has no id");
    }
    endEpisode();
    ToolRegistry taskTools = tools.forTask(task);
    SandboxLimits limits = options.limits().withTaskLimits(task.getLimits());
    Sandbox s;
    try {
      s = sandboxes.create(task.getId(), task.getRepository(), limits);
    } catch (InfraFailure e) {
      throw new InfraFailure("task " + task.getId() + ": " + e.getMessage(), e);
    }
    StringBuilder setupLog = new StringBuilder();
    try {
      int n = task.getSetupCommandsCount();
      for (int i = 0; i < n; i++) {
        String cmd = task.getSetupCommands(i);
        ExecResult r = s.exec(cmd, options.setupTimeout(), options.verify().logCapBytes());
        setupLog.append("$ ").append(cmd).append('\n').append(r.stdout()).append(r.stderr());
        if (!r.ok()) {
          throw new InfraFailure(
              String.format(
                  "task %s: setup command %d of %d failed (%s, exit %d): %s%n%s",
                  task.getId(),
                  i + 1,
                  n,
                  r.termination(),
                  r.exitCode(),
                  cmd,
                  tail(r.stderr() + r.stdout())));
        }
      }
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    this.task = task;
    this.sandbox = s;
    this.allowed = taskTools;
    this.episode = new Episode();
    this.infraError = null;
    return new Observation(
        task.getId(), task.getInstruction(), taskTools.specs(), setupLog.toString());
  }

  @Override
  public List<ToolResult> step(List<ToolCall> calls) {
    requireEpisode();
    ToolContext ctx = new ToolContext(sandbox, episode);
    List<ToolResult> results;
    if (calls.size() <= 1) {
      results = calls.stream().map(c -> allowed.call(c, ctx)).toList();
    } else {
      List<CompletableFuture<ToolResult>> futures = new ArrayList<>();
      for (ToolCall c : calls) {
        futures.add(CompletableFuture.supplyAsync(() -> allowed.call(c, ctx), pool));
      }
      results = futures.stream().map(CompletableFuture::join).toList();
    }
    for (ToolResult r : results) {
      if (r.getStatus() == ToolStatus.TOOL_STATUS_INFRA_ERROR && infraError == null) {
        infraError = r.getToolName() + " (call " + r.getCallId() + "): " + r.getStderr();
      }
    }
    return results;
  }

  @Override
  public boolean done() {
    return episode != null && episode.submitted();
  }

  @Override
  public Reward verify() {
    requireEpisode();
    if (infraError != null) {
      return Reward.infraFailed(
          "task " + task.getId() + ": a tool call failed in the infrastructure: " + infraError);
    }
    return TestVerifier.verify(task, sandbox, options.verify());
  }

  /** The current episode's sandbox (for tests and diagnostics). */
  public Sandbox sandbox() {
    requireEpisode();
    return sandbox;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      endEpisode();
    } finally {
      pool.shutdownNow();
    }
  }

  private void endEpisode() {
    if (sandbox != null) {
      Sandbox s = sandbox;
      sandbox = null;
      task = null;
      episode = null;
      s.close();
    }
  }

  private void requireEpisode() {
    if (sandbox == null) {
      throw new IllegalStateException("no episode: call reset(task) first");
    }
  }

  private static String tail(String s) {
    String t = s.strip();
    return t.length() <= 2000 ? t : "[...]" + t.substring(t.length() - 2000);
  }
}
