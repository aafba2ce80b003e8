package dev.arbor.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.actors.ActorRole;
import dev.arbor.app.job.JobConfig;
import dev.arbor.app.job.JobConfigReader;
import dev.arbor.app.ray.RaySession;
import dev.arbor.app.ray.RayTarget;
import dev.arbor.app.run.MetricEvent;
import dev.arbor.app.run.MetricsTail;
import dev.arbor.app.run.RunFolder;
import dev.arbor.app.train.TrainDriver;
import io.ray.api.ActorHandle;
import io.ray.api.Ray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults during {@code arbor train} on a real cluster (DESIGN.md §9), through {@link TrainDriver}
 * as the CLI runs it: a killed sandbox actor restarts and the job completes, its lost episodes
 * INFRA_FAILED (excluded from training); a killed trainer (no restarts) fails the driver, and the
 * same run resumed goes on from the newest checkpoint. One Ray session for the class: Ray's Java
 * runtime is a per-JVM singleton (the cluster profile runs one JVM per test class).
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class TrainFaultClusterTest {
  private static final String JOB =
      """
      job: %s
      seed: 11
      model: {config: tiny}
      suite: {name: arithmetic-tools, levels: [1]}
      roles:
        policy:       {count: 1, resources: {policy: 1}, max_restarts: 1}
        sandbox:      {count: 1, resources: {sandbox: 1}, max_restarts: 4}
        tree_manager: {count: 1, resources: {}, max_restarts: 0}
        trainer:      {count: 1, resources: {trainer: 1}, max_restarts: 0}
      rollout: {group_size: 2, max_turns: 3, max_new_tokens: 24, max_episode_tokens: 128,
                envs_per_sandbox: 4}
      train: {lr: 1.0e-3, steps: %d, batch_tokens: 100000, staleness: %d, checkpoint_every: %d,
              sft_steps: 0, eval_tasks: 0, groups_per_step: 1}
      """;
  private static final PrintStream QUIET =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  private RaySession ray;
  private final ExecutorService background = Executors.newSingleThreadExecutor();

  @BeforeAll
  void start() {
    String address = System.getProperty("ray.address", RayClusterSmokeTest.DEFAULT_ADDRESS);
    ray = RaySession.start(RayTarget.parse(address), "arbor-test", null);
  }

  @AfterAll
  void stop() {
    background.shutdownNow();
    if (ray != null) {
      ray.close();
    }
  }

  @Test
  void aKilledSandboxRestartsAndTheJobCompletesAllSteps(@TempDir Path dir) throws Exception {
    String text = JOB.formatted("fault-sandbox", 5, 1, 0);
    Path run = dir.resolve("runs/fault-sandbox");
    Path metrics = run.resolve(RunFolder.METRICS);
    Future<Map<String, Object>> job = submit(text, run, false);
    // Rollouts run continuously at k = 1, so a kill mostly lands inside an episode; kill again on
    // the next steps until one did (max_restarts 4 leaves room), so the test does not depend on it.
    String sandbox = ActorRole.SANDBOX.actorName("fault-sandbox", 0);
    int kills = 0;
    long killedAfterStep = 0;
    while (!job.isDone()) {
      List<MetricEvent> rl = rlSteps(metrics);
      boolean lost = rl.stream().anyMatch(e -> e.get("infra_failed") > 0);
      if (!lost && kills < 3 && !rl.isEmpty() && rl.get(rl.size() - 1).step() > killedAfterStep) {
        killedAfterStep = rl.get(rl.size() - 1).step();
        Ray.<ActorHandle<?>>getActor(sandbox).orElseThrow().kill(false); // restarts
        kills++;
      }
      Thread.sleep(100);
    }
    Map<String, Object> summary = job.get();
    @SuppressWarnings("unchecked")
    Map<String, Object> rl = (Map<String, Object>) summary.get("rl");
    assertThat(kills).as("the sandbox was killed at least once").isPositive();
    assertThat(rlSteps(metrics)).extracting(MetricEvent::step).containsExactly(1L, 2L, 3L, 4L, 5L);
    double infraFailed = ((Number) rl.get("infra_failed")).doubleValue();
    int rescheduled = ((Number) rl.get("rescheduled_groups")).intValue();
    assertThat(infraFailed + rescheduled)
        .as("episodes lost with the sandbox are INFRA_FAILED (or their groups rescheduled)")
        .isPositive();
    assertThat(((Number) rl.get("episodes")).doubleValue())
        .as("trained episodes exclude the lost ones")
        .isPositive();
  }

  @Test
  void aKilledTrainerFailsTheRunAndResumeGoesOnFromTheNewestCheckpoint(@TempDir Path dir)
      throws Exception {
    int steps = 5;
    String text = JOB.formatted("fault-trainer", steps, 0, 1);
    Path run = dir.resolve("runs/fault-trainer");
    Path metrics = run.resolve(RunFolder.METRICS);
    Future<Map<String, Object>> first = submit(text, run, false);
    String trainer = ActorRole.TRAINER.actorName("fault-trainer", 0);
    while (!first.isDone() && rlSteps(metrics).size() < 2) {
      Thread.sleep(50);
    }
    Ray.<ActorHandle<?>>getActor(trainer).orElseThrow().kill(true); // max_restarts 0: gone
    assertThatThrownBy(first::get)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(trainer + " (max_restarts 0) died and was not restarted")
        .hasMessageContaining("--resume");
    List<Long> before = rlSteps(metrics).stream().map(MetricEvent::step).toList();
    long checkpointed = newestCheckpoint(run.resolve(RunFolder.CHECKPOINTS));
    assertThat(checkpointed)
        .as("checkpoint_every 1: steps 1 and 2 landed")
        .isGreaterThanOrEqualTo(2);
    for (ActorRole role : ActorRole.values()) {
      awaitNameFree(role.actorName("fault-trainer", 0));
    }

    Map<String, Object> resumed = submit(text, run, true).get();
    assertThat(resumed).containsKey("rl");
    List<Long> all = rlSteps(metrics).stream().map(MetricEvent::step).toList();
    List<Long> after = all.subList(before.size(), all.size());
    // Dedupe semantics: a step is done when its checkpoint landed. The first run's logged steps
    // are all checkpointed (the trainer saves before it replies); only the newest checkpointed
    // step may lack its log line (killed between save and reply). The resumed run starts right
    // after the newest checkpoint: no checkpointed step is trained twice, none is skipped.
    assertThat(before).allMatch(s -> s <= checkpointed);
    assertThat(before).containsAll(range(1, checkpointed - 1));
    assertThat(after).as("resumed steps").containsExactlyElementsOf(range(checkpointed + 1, steps));
    assertThat(newestCheckpoint(run.resolve(RunFolder.CHECKPOINTS))).isEqualTo(steps);
  }

  /**
   * With k = 1 the rollout threads start the last step's groups while the trainer is still on the
   * step before, so every group the run asked for has started when the last batch is dropped. The
   * dropped groups must still be replaced: a random tiny model gives only uniform groups, and the
   * run ends with the error that says so, not with idle rollout threads ("the rollout threads ended
   * with 1 groups, the trainer waits for 2").
   */
  @Test
  void droppedGroupsOfTheLastStepAreReplacedAtStalenessOne(@TempDir Path dir) {
    String text =
        JOB.formatted("uniform-last", 1, 1, 0)
            .replace("staleness: 1,", "staleness: 1, drop_uniform_groups: true,");
    Future<Map<String, Object>> job = submit(text, dir.resolve("runs/uniform-last"), false);
    assertThatThrownBy(job::get)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .hasMessageContaining("RL step 1: nothing to train on in the last 10 groups");
  }

  private Future<Map<String, Object>> submit(String text, Path run, boolean resume) {
    JobConfig config = JobConfigReader.parse(text, "fault job");
    if (resume) {
      config = config.withOverrides(new JobConfig.Overrides(null, null, null, null, true));
    }
    JobConfig job = config;
    return background.submit(
        () -> {
          try (RunFolder folder =
              resume
                  ? RunFolder.resume(run, RunFolder.DEFAULT_KEEP_TRAJECTORIES)
                  : RunFolder.create(run, text)) {
            return new TrainDriver(job, ray, run, folder, QUIET).run();
          }
        });
  }

  private static List<MetricEvent> rlSteps(Path metrics) {
    if (!Files.exists(metrics)) {
      return List.of();
    }
    return MetricsTail.readAll(metrics).stream().filter(e -> e.phase().equals("rl")).toList();
  }

  private static long newestCheckpoint(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("step-\\d+"))
          .mapToLong(n -> Long.parseLong(n.substring("step-".length())))
          .max()
          .orElse(0);
    }
  }

  /** A killed named actor's name is released asynchronously; the resumed job reuses it. */
  private static void awaitNameFree(String name) throws InterruptedException {
    for (int i = 0; i < 300 && Ray.getActor(name).isPresent(); i++) {
      Thread.sleep(100);
    }
  }

  private static List<Long> range(long from, long to) {
    return Stream.iterate(from, s -> s <= to, s -> s + 1).toList();
  }
}
