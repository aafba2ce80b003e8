package dev.arbor.app.train;

import dev.arbor.actors.ActorRole;
import dev.arbor.actors.policy.PolicyActor;
import dev.arbor.actors.treemanager.TrajectoryCodec;
import dev.arbor.app.job.Job;
import dev.arbor.app.progress.Progress;
import dev.arbor.app.run.MetricEvent;
import dev.arbor.app.run.RunLog;
import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.trainer.agent.EpisodeFormat;
import dev.arbor.tree.Trajectory;
import io.ray.api.ActorHandle;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Held-out evaluation over a job's actors: one greedy episode per task and, with {@code samples} >
 * 0, that many sampled episodes per task at the rollout temperature (one group), the tasks spread
 * over the policy actors (policy i plays on sandbox {@code i mod sandboxes}). Shared by {@code
 * arbor train} (before and after RL) and {@code arbor eval} (a saved checkpoint), so both score a
 * policy the same way. Returns the {@link EpisodeStats} numbers of the greedy episodes: solve rate
 * with its Wilson 95 % half width, turns per solved task, tool calls per tool-calling turn; and of
 * the sampled ones the same under {@code sampled_*} names.
 */
public final class HeldOutEval {
  private final Job job;
  private final EpisodeFormat format;
  private final RunLog log;
  private final PrintStream out;
  private final int samples;

  /**
   * @param job the running actors (the policies hold the weights to score)
   * @param format the episode format of the policies (for tool-call counts and trajectory views)
   * @param log receives the phase's metric event and recent trajectories
   * @param out progress display
   * @param samples sampled episodes per task besides the greedy one (0 = none)
   */
  public HeldOutEval(Job job, EpisodeFormat format, RunLog log, PrintStream out, int samples) {
    if (samples < 0) {
      throw new IllegalArgumentException("samples must be >= 0, got " + samples);
    }
    this.job = job;
    this.format = format;
    this.log = log;
    this.out = out;
    this.samples = samples;
  }

  /**
   * Plays every task once greedily, then {@code samples} times sampled; logs one metric event
   * {@code phase} at step {@code version}.
   */
  public Map<String, Double> run(List<TaskSpec> tasks, String phase, int version) throws Exception {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException(phase + ": no tasks to evaluate");
    }
    Map<String, Double> values = new LinkedHashMap<>(play(tasks, phase, 1, true).values());
    if (samples > 0) {
      play(tasks, phase + "_sampled", samples, false)
          .values()
          .forEach((k, v) -> values.put("sampled_" + k, v));
    }
    log.metric(MetricEvent.now(phase, version, values));
    out.printf(
        "[%s] solve rate %.3f +- %.3f over %d held-out tasks%n",
        phase, values.get("solve_rate"), values.get("solve_rate_ci95"), tasks.size());
    if (samples > 0) {
      out.printf(
          "[%s] sampled solve rate %.3f +- %.3f over %d x %d episodes%n",
          phase,
          values.get("sampled_solve_rate"),
          values.get("sampled_solve_rate_ci95"),
          tasks.size(),
          samples);
    }
    return values;
  }

  /** {@code group} episodes of every task (greedy or sampled), spread over the policies. */
  private EpisodeStats play(List<TaskSpec> tasks, String phase, int group, boolean greedy)
      throws Exception {
    EpisodeStats stats = new EpisodeStats(format.callId());
    AtomicInteger next = new AtomicInteger();
    List<ActorHandle<PolicyActor>> policies = job.policies();
    int sandboxes = job.config().roles().sandbox().count();
    // As many episodes per call as an RL call has (groups_per_call x group_size), so the same
    // envs_per_sandbox fits.
    int perCall =
        Math.max(
            1, job.config().rollout().groupsPerCall() * job.config().rollout().groupSize() / group);
    ExecutorService pool = Executors.newFixedThreadPool(policies.size());
    try (Progress progress = Progress.start(phase, tasks.size() * group, out)) {
      List<Future<?>> workers = new ArrayList<>();
      for (int p = 0; p < policies.size(); p++) {
        ActorHandle<PolicyActor> policy = policies.get(p);
        String sandbox = ActorRole.SANDBOX.actorName(job.config().job(), p % sandboxes);
        workers.add(
            pool.submit(
                () -> {
                  for (int i; (i = next.getAndAdd(perCall)) < tasks.size(); ) {
                    List<TaskSpec> chunk = tasks.subList(i, Math.min(tasks.size(), i + perCall));
                    List<String> ids = new ArrayList<>();
                    for (int k = 0; k < chunk.size(); k++) {
                      ids.add(phase + "-" + (i + k));
                    }
                    byte[] rolled =
                        policy
                            .task(
                                PolicyActor::agentRollouts,
                                PolicyActor.tasks(chunk),
                                PolicyActor.groupIds(ids),
                                group,
                                greedy,
                                sandbox)
                            .remote()
                            .get();
                    List<Trajectory> ts = TrajectoryCodec.decode(rolled);
                    stats.add(ts);
                    TrajectoryViews.recent(log, format, ts);
                    progress.update(stats.episodes(), Map.of("solve_rate", stats.solveRate()));
                  }
                  return null;
                }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return stats;
  }

  /**
   * The Wilson score 95 % interval {@code [low, high]} of a proportion {@code p} over {@code n}
   * trials (NaNs for none): center {@code (p + z^2/2n) / (1 + z^2/n)}, z = 1.96.
   */
  public static double[] wilson95(double p, long n) {
    if (n == 0 || Double.isNaN(p)) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double z2 = 1.96 * 1.96;
    double center = (p + z2 / (2.0 * n)) / (1 + z2 / n);
    double half = EpisodeStats.halfWidth95(p, n);
    return new double[] {Math.max(0, center - half), Math.min(1, center + half)};
  }
}
