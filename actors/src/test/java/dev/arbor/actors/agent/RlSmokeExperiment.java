package dev.arbor.actors.agent;

import dev.arbor.actors.ModelSpec;
import dev.arbor.actors.policy.Policy;
import dev.arbor.actors.policy.PolicySpec;
import dev.arbor.actors.sandbox.ArithmeticEnvironments;
import dev.arbor.actors.sandbox.Episodes;
import dev.arbor.actors.trainer.PolicyTrainer;
import dev.arbor.actors.trainer.TrainerSpec;
import dev.arbor.actors.treemanager.TrajectoryCodec;
import dev.arbor.actors.treemanager.TreeManager;
import dev.arbor.actors.treemanager.TreeManagerSpec;
import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tasks.suite.Split;
import dev.arbor.tasks.suite.arithmetic.ArithmeticSuite;
import dev.arbor.trainer.train.StepMetrics;
import dev.arbor.tree.Trajectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Smoke experiment, not a test (skipped unless {@code -Darbor.smoke=true}): RL from a checkpoint
 * with the actor cores in one thread (policy, sandbox episodes, tree manager, trainer; no Ray), to
 * study learning rates, temperatures and scalers quickly. Greedy held-out solve rate every {@code
 * rl.evalEvery} steps. Knobs: {@code rl.run} (a run folder whose newest checkpoint is the start,
 * optimizer state included), {@code rl.steps} (20), {@code rl.groups} (4), {@code rl.g} (8), {@code
 * rl.temp} (0.7), {@code rl.topP} (1), {@code rl.lr} (2e-4), {@code rl.scaler} (rollout-entropy),
 * {@code rl.eval} (50), {@code rl.evalEvery} (10), {@code rl.seed} (17), {@code rl.fixed} (false:
 * the same {@code rl.groups} tasks at every step, a check that RL can fit them), {@code
 * rl.freshAdam} (false: new optimizer moments instead of the checkpoint's), {@code rl.kl} (0: KL
 * coefficient to the starting policy), {@code rl.packing} (tree or flat), {@code rl.keep} (1:
 * pruning keep fraction), {@code rl.prune} (entropy: the pruner, as {@code train.prune_method}),
 * {@code rl.raft} (false: supervised steps on the solved samples instead of GRPO), {@code
 * rl.raftTeacher} (false: with rl.raft, the teacher's episode of the same task in place of each
 * solved sample).
 *
 * <pre>
 * mvn -B -o -pl actors -am test -Dtest=RlSmokeExperiment -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Darbor.smoke=true -Darbor.test.torch.threads=2 -Drl.run=$PWD/runs/my-run
 * </pre>
 */
@EnabledIfSystemProperty(named = "arbor.smoke", matches = "true")
class RlSmokeExperiment {
  private static final dev.arbor.trainer.tokenizer.ByteTokenizer BYTES =
      new dev.arbor.trainer.tokenizer.ByteTokenizer();

  @Test
  void rlFromACheckpoint() throws Exception {
    Path run = Path.of(System.getProperty("rl.run"));
    int steps = Integer.getInteger("rl.steps", 20);
    int groups = Integer.getInteger("rl.groups", 4);
    int g = Integer.getInteger("rl.g", 8);
    double temp = Double.parseDouble(System.getProperty("rl.temp", "0.7"));
    double topP = Double.parseDouble(System.getProperty("rl.topP", "1"));
    double lr = Double.parseDouble(System.getProperty("rl.lr", "2e-4"));
    String scaler = System.getProperty("rl.scaler", "rollout-entropy");
    int evalTasks = Integer.getInteger("rl.eval", 50);
    int evalEvery = Integer.getInteger("rl.evalEvery", 10);
    long seed = Long.getLong("rl.seed", 17);
    boolean fixed = Boolean.getBoolean("rl.fixed");
    boolean freshAdam = Boolean.getBoolean("rl.freshAdam");
    double kl = Double.parseDouble(System.getProperty("rl.kl", "0"));
    String packing = System.getProperty("rl.packing", "tree");
    boolean raft = Boolean.getBoolean("rl.raft");
    double keep = Double.parseDouble(System.getProperty("rl.keep", "1"));
    String prune = System.getProperty("rl.prune", "entropy");

    ArithmeticSuite suite = ArithmeticSuite.builder().optLevels(1, 2).build();
    List<TaskSpec> train = new ArrayList<>(suite.tasks(Split.TRAIN));
    Collections.shuffle(train, new Random(seed));
    List<dev.arbor.tasks.suite.arithmetic.ArithmeticProblem> problems =
        new ArrayList<>(suite.problems(Split.TRAIN));
    Collections.shuffle(problems, new Random(seed)); // aligned with train
    boolean teacherCopies = Boolean.getBoolean("rl.raftTeacher");
    // rl.sftControl: warm-up steps continued from the checkpoint (8 distinct teacher episodes per
    // step, no rollouts): the control for what RL does to the held-out rate
    boolean sftControl = Boolean.getBoolean("rl.sftControl");
    var teacher =
        new dev.arbor.actors.teacher.TeacherEpisodes(
            new dev.arbor.trainer.agent.EpisodeFormat(BYTES));
    List<TaskSpec> test = suite.heldOut(evalTasks);

    Path work = Files.createTempDirectory("arbor-rl-smoke");
    Files.createDirectories(work.resolve("checkpoints"));
    Path newest = newestCheckpoint(run);
    Files.createSymbolicLink(work.resolve("checkpoints").resolve(newest.getFileName()), newest);
    ModelSpec model = new ModelSpec(null, newest.toString(), seed);
    try (Episodes episodes = new Episodes(new ArithmeticEnvironments(), g * groups);
        Policy policy = new Policy(new PolicySpec(model, g, temp, topP, 160, 6, 704, "length", 1));
        PolicyTrainer trainer =
            new PolicyTrainer(
                new TrainerSpec(
                    model,
                    lr,
                    lr,
                    0,
                    0.1,
                    1.0,
                    System.getProperty("rl.norm", "token-mean"),
                    kl,
                    freshAdam,
                    work.toString(),
                    0,
                    !freshAdam))) {
      TreeManager tm =
          new TreeManager(
              new TreeManagerSpec(g, 1 << 20, 0, "grpo", scaler, keep, packing, true, prune)
                  .toConfig());
      policy.loadWeights(trainer.version(), trainer.weights());
      tm.policyVersion(trainer.version());
      System.out.printf(Locale.ROOT, "start at version %d from %s%n", trainer.version(), newest);
      eval(policy, episodes, test, "before");
      int next = 0;
      for (int step = 1; step <= steps; step++) {
        long t0 = System.nanoTime();
        int solved = 0;
        int episodesDone = 0;
        int truncated = 0;
        java.util.Optional<TreeManager.Batch> batch = java.util.Optional.empty();
        List<Trajectory> successes = new ArrayList<>();
        if (sftControl) {
          for (int i = 0; i < 8; i++) {
            successes.add(teacher.arithmetic(problems.get(next++)));
          }
        }
        for (int i = 0; batch.isEmpty() && !sftControl; i++) {
          int index = fixed ? i % groups : next++;
          TaskSpec task = train.get(index);
          byte[] enc = policy.agentRollout(task, "s" + step + "-" + i, g, false, episodes);
          for (Trajectory t : TrajectoryCodec.decode(enc)) {
            solved += t.reward() == 1.0 ? 1 : 0;
            truncated += t.status().name().equals("TRUNCATED") ? 1 : 0;
            episodesDone++;
            if (t.reward() == 1.0) {
              Trajectory copy = teacher.arithmetic(problems.get(index));
              successes.add(
                  teacherCopies
                      ? new Trajectory(
                          t.id(), copy.taskId(), t.groupId(), copy.segments(), 1, copy.status())
                      : t);
            }
          }
          tm.add(enc);
          if ((i + 1) % groups == 0) {
            batch = tm.nextBatch();
          }
        }
        // rl.raft: supervised steps on the step's own solved episodes instead of GRPO (positive
        // samples only: rejection-sampling fine-tuning)
        StepMetrics m =
            raft || sftControl
                ? trainer.sft(successes)
                : trainer.train(batch.orElseThrow().arrow());
        policy.loadWeights(trainer.version(), trainer.weights());
        tm.policyVersion(trainer.version());
        System.out.printf(
            Locale.ROOT,
            "step %3d (%s) solved %2d/%d truncated %2d loss %+.4f grad %.3f entropy %.3f train %.0f"
                + " ms (%d packed / %d flat tokens) %.1f s%n",
            step,
            train.get(fixed ? 0 : next - 1).getId(),
            solved,
            episodesDone,
            truncated,
            m.loss(),
            m.gradNorm(),
            m.meanEntropy(),
            m.millis(),
            m.packedTokens(),
            m.flatTokens(),
            (System.nanoTime() - t0) / 1e9);
        if (evalEvery > 0 && step % evalEvery == 0) {
          eval(policy, episodes, test, "step " + step);
        }
      }
    }
  }

  @Test
  void greedyGroupsEqualSingleEpisodes() throws Exception {
    ModelSpec model = startModel();
    ArithmeticSuite suite = ArithmeticSuite.builder().optLevels(1, 2).build();
    List<TaskSpec> test =
        suite.tasks(Split.TEST).stream()
            .filter(t -> t.getId().contains(System.getProperty("rl.level", "L1")))
            .limit(6)
            .toList();
    try (Episodes episodes = new Episodes(new ArithmeticEnvironments(), 8);
        Policy policy = new Policy(new PolicySpec(model, 8, 0.7, 1, 96, 4, 400, "length", 1))) {
      for (TaskSpec task : test) {
        Trajectory one =
            TrajectoryCodec.decode(
                    policy.agentRollout(task, "one-" + task.getId(), 1, true, episodes))
                .get(0);
        List<Trajectory> group =
            TrajectoryCodec.decode(
                policy.agentRollout(task, "g-" + task.getId(), 8, true, episodes));
        int same = 0;
        for (Trajectory t : group) {
          same += tokens(t).equals(tokens(one)) ? 1 : 0;
        }
        List<Trajectory> sampled =
            TrajectoryCodec.decode(
                policy.agentRollout(task, "s-" + task.getId(), 8, false, episodes));
        System.out.println(
            "sampled "
                + sampled.stream()
                    .map(
                        t -> t.status().name().charAt(0) + "" + (int) t.reward() + "/" + t.length())
                    .toList());
        Trajectory bad =
            sampled.stream()
                .filter(t -> t.status().name().equals("TRUNCATED"))
                .findFirst()
                .orElse(null);
        if (bad != null) {
          var f =
              new dev.arbor.trainer.agent.EpisodeFormat(
                  new dev.arbor.trainer.tokenizer.ByteTokenizer());
          StringBuilder b = new StringBuilder();
          bad.segments().stream()
              .skip(1)
              .forEach(
                  seg -> {
                    int[] tk = new int[seg.length()];
                    for (int i = 0; i < tk.length; i++) tk[i] = seg.token(i);
                    b.append("[").append(seg.role()).append("]").append(f.tokenizer().decode(tk));
                  });
          System.out.println("  truncated: " + b.toString().replace("\n", "\\n"));
        }
        System.out.printf(
            Locale.ROOT,
            "greedy %s: single reward %.0f len %d; group rewards %s; identical to single %d/8%n",
            task.getId(),
            one.reward(),
            one.length(),
            group.stream().map(t -> String.valueOf((int) t.reward())).toList(),
            same);
      }
    }
  }

  @Test
  void rolloutTreesScoreTheSameWithEveryAttentionPath() throws Exception {
    ModelSpec model = startModel();
    ArithmeticSuite suite = ArithmeticSuite.builder().optLevels(1, 2).build();
    List<TaskSpec> train = suite.tasks(Split.TRAIN);
    try (Episodes episodes = new Episodes(new ArithmeticEnvironments(), 8);
        Policy policy = new Policy(new PolicySpec(model, 8, 0.7, 1, 160, 6, 704, "length", 1));
        ai.djl.ndarray.NDManager root = ai.djl.ndarray.NDManager.newBaseManager();
        dev.arbor.trainer.model.Qwen2Model m = model.load(root)) {
      TreeManager tm =
          new TreeManager(
              new TreeManagerSpec(8, 1 << 20, 0, "grpo", "none", 1.0, "tree", false, "entropy")
                  .toConfig());
      java.util.Map<String, Trajectory> byId = new java.util.HashMap<>();
      for (int i = 0; i < 3; i++) {
        byte[] enc = policy.agentRollout(train.get(i * 37), "g" + i, 8, false, episodes);
        for (Trajectory t : TrajectoryCodec.decode(enc)) {
          byId.put(t.id(), t);
        }
        tm.add(enc);
      }
      for (dev.arbor.tree.arrow.TreeRecord r :
          dev.arbor.tree.arrow.TreeArrow.fromBytes(tm.nextBatch().orElseThrow().arrow(), "b")) {
        for (int k = 0; k < r.tree().trajectoryCount(); k++) {
          var leaf = r.tree().leaf(k);
          int[] idx = r.tree().flatIndices(k);
          StringBuilder ids = new StringBuilder();
          for (int i : idx) {
            ids.append(r.tree().tokenId(i)).append(',');
          }
          Trajectory orig = byId.get(leaf.id());
          StringBuilder want = new StringBuilder();
          for (int tok : tokens(orig)) {
            want.append(tok).append(',');
          }
          System.out.printf(
              Locale.ROOT,
              "  leaf %d %s reward %.0f (original %.0f) advantage %+.3f tokens %d same tokens %s%n",
              k,
              leaf.id(),
              leaf.reward(),
              orig.reward(),
              r.advantages()[k],
              idx.length,
              want.toString().equals(ids.toString()));
        }
        try (ai.djl.ndarray.NDManager sub = root.newSubManager()) {
          float[] dense =
              dev.arbor.trainer.forward.Forward.packed(
                      m, r.tree(), dev.arbor.trainer.forward.AttentionKind.DENSE, sub)
                  .logprobs()
                  .toFloatArray();
          float[] segment =
              dev.arbor.trainer.forward.Forward.packed(
                      m, r.tree(), dev.arbor.trainer.forward.AttentionKind.SEGMENT, sub)
                  .logprobs()
                  .toFloatArray();
          double max = 0;
          for (int i = 0; i < dense.length; i++) {
            max = Math.max(max, Math.abs(dense[i] - segment[i]));
          }
          double recorded = 0;
          int worst = -1;
          for (int i = 0; i < dense.length; i++) {
            if (r.tree().trainable(i)) {
              double d = Math.abs(dense[i] - r.tree().logprob(i));
              if (d > recorded) {
                recorded = d;
                worst = i;
              }
            }
          }
          System.out.printf(
              Locale.ROOT,
              "  max |trainer - recorded| log-prob over generated tokens %.2e at %d (role %s,"
                  + " position %d: trainer %.4f, recorded %.4f)%n",
              recorded,
              worst,
              worst < 0 ? "-" : r.tree().role(worst),
              worst < 0 ? -1 : r.tree().positionId(worst),
              worst < 0 ? 0 : dense[worst],
              worst < 0 ? 0 : r.tree().logprob(worst));
          System.out.printf(
              Locale.ROOT,
              "tree %s: %d tokens, %d trajectories, max |dense - segment| log-prob %.2e%n",
              r.treeId(),
              r.tree().tokenCount(),
              r.tree().trajectoryCount(),
              max);
        }
      }
    }
  }

  private static List<Integer> tokens(Trajectory t) {
    List<Integer> all = new ArrayList<>();
    for (var seg : t.segments()) {
      for (int i = 0; i < seg.length(); i++) {
        all.add(seg.token(i));
      }
    }
    return all;
  }

  /** The newest checkpoint of {@code rl.run}, seed 17. */
  private static ModelSpec startModel() throws java.io.IOException {
    return new ModelSpec(
        null, newestCheckpoint(Path.of(System.getProperty("rl.run"))).toString(), 17);
  }

  /** The run's checkpoint with the highest step ({@code checkpoints/step-N}). */
  private static Path newestCheckpoint(Path run) throws java.io.IOException {
    if (System.getProperty("rl.ckpt") != null) {
      return run.resolve("checkpoints").resolve(System.getProperty("rl.ckpt"));
    }
    try (var s = Files.list(run.resolve("checkpoints"))) {
      return s.max((a, b) -> Integer.compare(stepOf(a), stepOf(b))).orElseThrow();
    }
  }

  private static int stepOf(Path p) {
    return Integer.parseInt(p.getFileName().toString().replace("step-", ""));
  }

  private static void eval(Policy policy, Episodes episodes, List<TaskSpec> test, String label)
      throws Exception {
    int solved = 0;
    int shown = 0;
    for (TaskSpec task : test) {
      byte[] enc = policy.agentRollout(task, "eval-" + task.getId(), 1, true, episodes);
      Trajectory t = TrajectoryCodec.decode(enc).get(0);
      solved += t.reward() == 1.0 ? 1 : 0;
      if (t.reward() < 1 && shown++ < Integer.getInteger("rl.show", 0)) {
        StringBuilder b = new StringBuilder();
        for (var seg : t.segments()) {
          int[] tk = new int[seg.length()];
          for (int i = 0; i < tk.length; i++) {
            tk[i] = seg.token(i);
          }
          b.append('[').append(seg.role()).append(']').append(BYTES.decode(tk));
        }
        System.out.println("step failed " + task.getId() + ": " + b.toString().replace("\n", "|"));
      }
    }
    System.out.printf(Locale.ROOT, "eval %s: solved %d/%d%n", label, solved, test.size());
    // rl.evalSamples=k: also the mean solve rate of k sampled episodes per task (rollout settings)
    int k = Integer.getInteger("rl.evalSamples", 0);
    if (k > 0) {
      int ok = 0;
      for (TaskSpec task : test) {
        for (Trajectory t :
            TrajectoryCodec.decode(
                policy.agentRollout(task, "evals-" + task.getId(), k, false, episodes))) {
          ok += t.reward() == 1.0 ? 1 : 0;
        }
      }
      System.out.printf(Locale.ROOT, "eval %s sampled: solved %d/%d%n", label, ok, k * test.size());
    }
  }
}
