package dev.arbor.app.train;

import dev.arbor.actors.ActorRole;
import dev.arbor.actors.Wire;
import dev.arbor.actors.policy.PolicyActor;
import dev.arbor.actors.trainer.PublishedWeights;
import dev.arbor.actors.trainer.TrainerActor;
import dev.arbor.actors.treemanager.TrajectoryCodec;
import dev.arbor.actors.treemanager.TreeManagerActor;
import dev.arbor.app.job.Job;
import dev.arbor.app.job.JobConfig;
import dev.arbor.app.progress.Progress;
import dev.arbor.app.run.MetricEvent;
import dev.arbor.app.run.RunLog;
import dev.arbor.app.run.RunMetricsListener;
import dev.arbor.tasks.suite.arithmetic.ArithmeticProblem;
import dev.arbor.tasks.suite.arithmetic.ArithmeticSuite;
import dev.arbor.trainer.agent.EpisodeFormat;
import dev.arbor.trainer.train.StepMetrics;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.TrajectoryStatus;
import io.ray.api.ActorHandle;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import io.ray.api.exception.RayActorException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The asynchronous RL phase (SeamlessFlow / AReaL style, DESIGN.md §9): rollout threads, one per
 * policy actor, keep producing groups while the trainer trains, gated so that they run at most
 * {@code staleness + 1} steps' worth of groups ahead of the trainer; the tree manager drops what is
 * still too stale when it arrives. Each rollout thread loads the newest published weights before
 * each group.
 *
 * <p>Reports per step: loss and the trainer's numbers, the reward and solve rate of the groups
 * finished since the previous step, rollout tokens per second, the trainer's busy fraction (time in
 * train calls over the phase's wall time), the queue of groups waiting for the trainer, and the
 * staleness of the trained groups.
 */
final class RlLoop {
  private static final long POLL_MS = 20;
  private static final int MAX_ATTEMPTS = 3;

  /** Steps' worth of groups in a row with nothing to train on before the run gives up. */
  static final int MAX_UNTRAINABLE_STEPS = 10;

  private final JobConfig config;
  private final Job job;
  private final List<ArithmeticProblem> problems;
  private final EpisodeFormat format;
  private final AtomicReference<PublishedWeights> weights;
  private final RunLog log;
  private final PrintStream out;

  private final Object lock = new Object();
  private int groupsStarted;
  private int groupsDelivered;
  private int stepsDone;
  private int droppedGroups;
  private boolean stop;
  private EpisodeStats window;
  private final EpisodeStats total;
  private final Map<Integer, Integer> lagHistogram = new LinkedHashMap<>();
  private final int firstStep;
  private int rescheduled;
  private final BatchTransfer transfer = new BatchTransfer();

  RlLoop(
      JobConfig config,
      Job job,
      List<ArithmeticProblem> problems,
      EpisodeFormat format,
      AtomicReference<PublishedWeights> weights,
      RunLog log,
      PrintStream out,
      int firstStep) {
    this.config = config;
    this.job = job;
    this.problems = problems;
    this.format = format;
    this.weights = weights;
    this.log = log;
    this.out = out;
    this.firstStep = firstStep;
    this.window = new EpisodeStats(format.callId());
    this.total = new EpisodeStats(format.callId());
  }

  Map<String, Object> run() throws Exception {
    int steps = config.train().steps();
    synchronized (lock) {
      stepsDone = firstStep - 1;
    }
    List<ActorHandle<PolicyActor>> policies = job.policies();
    ExecutorService pool = Executors.newFixedThreadPool(policies.size());
    List<Future<?>> workers = new ArrayList<>();
    long start = System.nanoTime();
    long busyNanos = 0;
    try (Progress progress = Progress.start("rl", steps, out)) {
      for (int p = 0; p < policies.size(); p++) {
        int index = p;
        workers.add(pool.submit(() -> rollouts(index, policies.get(index))));
      }
      ActorHandle<TreeManagerActor> tm = job.treeManager();
      ActorHandle<TrainerActor> trainer = job.trainer();
      int gps = config.train().groupsPerStep();
      int untrainable = 0;
      for (int step = firstStep; step <= steps; ) {
        awaitGroups((step - firstStep + 1) * gps, workers);
        ObjectRef<byte[]> batch = tm.task(TreeManagerActor::nextBatch).remote().get();
        if (batch == null) {
          untrainable += gps;
          if (untrainable >= MAX_UNTRAINABLE_STEPS * gps) {
            throw new IllegalStateException(
                "RL step "
                    + step
                    + ": nothing to train on in the last "
                    + untrainable
                    + " groups: each was more than train.staleness = "
                    + config.train().staleness()
                    + " versions old, lost to the infrastructure, or (with"
                    + " train.drop_uniform_groups) gave all its members the same reward. A policy"
                    + " that never (or always) solves the tasks gives RL no signal.");
          }
          synchronized (lock) {
            droppedGroups += gps; // all that arrived was dropped: let more groups start
            lock.notifyAll();
          }
          continue;
        }
        untrainable = 0;
        long t0 = System.nanoTime();
        ObjectRef<String> trained = trainer.task(TrainerActor::train, batch).remote();
        long batchBytes = transfer.read(batch); // while the trainer trains on it
        StepMetrics m = Wire.read(trained.get(), StepMetrics.class);
        PublishedWeights w = trainer.task(TrainerActor::publishWeights).remote().get();
        busyNanos += System.nanoTime() - t0;
        weights.set(w);
        tm.task(TreeManagerActor::policyVersion, w.version()).remote().get();
        Map<String, Double> values = new LinkedHashMap<>(RunMetricsListener.fields(m));
        EpisodeStats finished;
        int queued;
        synchronized (lock) {
          stepsDone = step;
          finished = window;
          window = new EpisodeStats(format.callId());
          queued = groupsDelivered - (step - firstStep + 1) * gps - droppedGroups;
          lock.notifyAll();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        values.putAll(finished.values());
        values.put("trainer_busy_fraction", busyNanos / 1e9 / wall);
        values.put("rollout_tokens_per_s", total.generatedTokens() / wall);
        values.put("queued_groups", (double) Math.max(0, queued));
        values.put("policy_version", (double) w.version());
        values.put("batch_mb", batchBytes / 1e6);
        log.metric(MetricEvent.now("rl", step, values));
        progress.update(step, values);
        step++;
      }
    } finally {
      synchronized (lock) {
        stop = true;
        lock.notifyAll();
      }
      pool.shutdown();
      pool.awaitTermination(5, TimeUnit.MINUTES);
    }
    for (Future<?> w : workers) {
      w.get(); // rethrows a rollout thread's failure
    }
    String tmStats = job.treeManager().task(TreeManagerActor::stats).remote().get();
    double wall = (System.nanoTime() - start) / 1e9;
    Map<String, Object> totals = new LinkedHashMap<>(total.values());
    totals.put("steps", config.train().steps());
    totals.put("staleness", config.train().staleness());
    totals.put("wall_seconds", wall);
    totals.put("trainer_busy_fraction", busyNanos / 1e9 / wall);
    totals.put("rollout_tokens_per_s", total.generatedTokens() / wall);
    totals.put("tree_manager", Wire.read(tmStats, Map.class));
    totals.putAll(transfer.values());
    synchronized (lock) {
      totals.put("policy_lag_histogram", new LinkedHashMap<>(lagHistogram));
      totals.put("rescheduled_groups", rescheduled);
    }
    return totals;
  }

  /** Waits until {@code count} groups were delivered; fails if a rollout thread died. */
  private void awaitGroups(int count, List<Future<?>> workers) throws Exception {
    synchronized (lock) {
      while (groupsDelivered < count + droppedGroups) {
        boolean allDone = true;
        for (Future<?> w : workers) {
          if (w.isDone()) {
            w.get(); // rethrows a rollout thread's failure
          } else {
            allDone = false;
          }
        }
        if (allDone && groupsDelivered < count + droppedGroups) {
          throw new IllegalStateException(
              "the rollout threads ended with "
                  + groupsDelivered
                  + " groups, the trainer waits for "
                  + (count + droppedGroups));
        }
        lock.wait(POLL_MS * 10);
      }
    }
  }

  /**
   * One policy actor's rollout loop: claims up to {@code rollout.groups_per_call} groups the
   * staleness window allows, rolls them out in one call (one decoding batch), rolls out again the
   * groups that lost episodes with a sandbox actor, and hands the rest to the tree manager.
   */
  private Void rollouts(int index, ActorHandle<PolicyActor> policy) throws Exception {
    int gps = config.train().groupsPerStep();
    int ahead = config.train().staleness() + 1;
    int g = config.rollout().groupSize();
    String sandbox =
        ActorRole.SANDBOX.actorName(config.job(), index % config.roles().sandbox().count());
    int[] loaded = {-1};
    while (true) {
      List<Integer> claimed = new ArrayList<>();
      synchronized (lock) {
        // Wait while the rollouts are k + 1 steps ahead, or every group the run needs has started.
        // Threads live until the run stops: a batch the tree manager drops later (stale, uniform)
        // raises droppedGroups, and then more groups must start.
        while (!stop && groupsStarted >= startLimit(gps, ahead)) {
          lock.wait(POLL_MS * 10);
        }
        if (stop) {
          return null;
        }
        int n = Math.min(config.rollout().groupsPerCall(), startLimit(gps, ahead) - groupsStarted);
        for (int i = 0; i < n; i++) {
          claimed.add(groupsStarted++);
        }
      }
      // Groups are numbered over the whole run, so a resumed run goes on with the next tasks.
      List<Integer> numbers = claimed.stream().map(c -> c + (firstStep - 1) * gps).toList();
      Map<Integer, List<Trajectory>> done = rollOut(policy, sandbox, numbers, g, loaded);
      List<Trajectory> all = new ArrayList<>();
      done.values().forEach(all::addAll);
      job.treeManager()
          .task(TreeManagerActor::add, Ray.put(TrajectoryCodec.encode(all)))
          .remote()
          .get();
      for (int i = 0; i < claimed.size(); i++) {
        if (claimed.get(i) % 8 == 0) {
          TrajectoryViews.recent(log, format, done.get(numbers.get(i)));
        }
      }
      synchronized (lock) {
        for (List<Trajectory> trajectories : done.values()) {
          window.add(trajectories);
          total.add(trajectories);
          lagHistogram.merge(weights.get().version() - loaded[0], 1, Integer::sum);
        }
        groupsDelivered += claimed.size();
        lock.notifyAll();
      }
    }
  }

  /** How many groups may have started by now (call with the lock held). */
  private int startLimit(int gps, int ahead) {
    return Math.min(
        (stepsDone - firstStep + 1 + ahead) * gps + droppedGroups,
        (config.train().steps() - firstStep + 1) * gps + droppedGroups);
  }

  /**
   * Rolls out the groups {@code numbers} with the newest weights; groups that lost episodes with a
   * sandbox actor are rolled out again (up to {@link #MAX_ATTEMPTS} times). {@code loaded[0]} is
   * the policy's weights version, updated here. Returns each group's trajectories by number.
   */
  private Map<Integer, List<Trajectory>> rollOut(
      ActorHandle<PolicyActor> policy, String sandbox, List<Integer> numbers, int g, int[] loaded)
      throws Exception {
    Map<Integer, List<Trajectory>> done = new LinkedHashMap<>();
    List<Integer> pending = new ArrayList<>(numbers);
    for (int attempt = 0; !pending.isEmpty(); attempt++) {
      String suffix = attempt == 0 ? "" : "-retry" + attempt;
      List<String> ids = pending.stream().map(n -> "rl-" + n + suffix).toList();
      byte[] tasks =
          PolicyActor.tasks(
              pending.stream()
                  .map(n -> ArithmeticSuite.toTask(problems.get(n % problems.size())))
                  .toList());
      List<Trajectory> trajectories;
      try {
        PublishedWeights w = weights.get();
        if (w.version() > loaded[0]) {
          loaded[0] =
              policy.task(PolicyActor::loadWeights, w.version(), w.weights()).remote().get();
        }
        trajectories =
            TrajectoryCodec.decode(
                policy
                    .task(
                        PolicyActor::agentRollouts,
                        tasks,
                        PolicyActor.groupIds(ids),
                        g,
                        false,
                        sandbox)
                    .remote()
                    .get());
      } catch (RayActorException e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw e; // LostActors names it for the user
        }
        loaded[0] = -1; // Ray restarted the policy actor (max_restarts) with its initial weights
        continue;
      }
      List<Integer> again = new ArrayList<>();
      for (int i = 0; i < pending.size(); i++) {
        String id = ids.get(i);
        List<Trajectory> group = trajectories.stream().filter(t -> t.groupId().equals(id)).toList();
        boolean lost = group.stream().anyMatch(t -> t.status() == TrajectoryStatus.INFRA_FAILED);
        if (lost && attempt < MAX_ATTEMPTS) {
          again.add(pending.get(i)); // episodes lost with a sandbox actor: roll the group out again
        } else {
          done.put(pending.get(i), group);
        }
      }
      synchronized (lock) {
        rescheduled += again.size();
      }
      pending = again;
    }
    Map<Integer, List<Trajectory>> ordered = new LinkedHashMap<>();
    for (int n : numbers) {
      ordered.put(n, done.get(n));
    }
    return ordered;
  }
}
