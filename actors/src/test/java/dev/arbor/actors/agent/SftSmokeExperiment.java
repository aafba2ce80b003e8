package dev.arbor.actors.agent;

import ai.djl.ndarray.NDManager;
import dev.arbor.actors.teacher.TeacherEpisodes;
import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.tasks.suite.Split;
import dev.arbor.tasks.suite.arithmetic.ArithmeticEnvironment;
import dev.arbor.tasks.suite.arithmetic.ArithmeticProblem;
import dev.arbor.tasks.suite.arithmetic.ArithmeticSuite;
import dev.arbor.tasks.teacher.ArithmeticTeacher;
import dev.arbor.trainer.agent.AgentEnvironment;
import dev.arbor.trainer.agent.AgentRollout;
import dev.arbor.trainer.agent.AgentRolloutSpec;
import dev.arbor.trainer.agent.EpisodeFormat;
import dev.arbor.trainer.agent.SftBatch;
import dev.arbor.trainer.forward.AttentionKind;
import dev.arbor.trainer.generate.Generator;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.trainer.tokenizer.ByteTokenizer;
import dev.arbor.trainer.train.AdamW;
import dev.arbor.trainer.train.LrSchedule;
import dev.arbor.trainer.train.StepMetrics;
import dev.arbor.trainer.train.TrainerConfig;
import dev.arbor.trainer.train.TreeTrainer;
import dev.arbor.tree.Role;
import dev.arbor.tree.Segment;
import dev.arbor.tree.Trajectory;
import dev.arbor.tree.arrow.TreeRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Smoke experiment, not a test (skipped unless {@code -Darbor.smoke=true}): SFT a small byte-level
 * Qwen2 on arithmetic teacher episodes (levels 1-2) with packed trees, then solve held-out tasks
 * greedily with {@link AgentRollout} against {@link ArithmeticEnvironment}. Prints the loss curve,
 * throughput, packing ratio and solve rates. Knobs (system properties): {@code smoke.steps} (300),
 * {@code smoke.batch} (16), {@code smoke.hidden} (128), {@code smoke.layers} (4), {@code
 * smoke.heads} (4), {@code smoke.lr} (2e-3), {@code smoke.eval} (50), {@code smoke.evalEvery} (0),
 * {@code smoke.attention} (AUTO).
 *
 * <pre>
 * mvn -B -o -pl actors -am test -Dtest=SftSmokeExperiment -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Darbor.smoke=true -Darbor.test.torch.threads=2
 * </pre>
 */
@EnabledIfSystemProperty(named = "arbor.smoke", matches = "true")
class SftSmokeExperiment {
  private static final EpisodeFormat FORMAT = new EpisodeFormat(new ByteTokenizer());
  private static final Executor INLINE = Runnable::run;

  @Test
  void sftThenSolve() {
    int steps = Integer.getInteger("smoke.steps", 300);
    int batch = Integer.getInteger("smoke.batch", 16);
    int hidden = Integer.getInteger("smoke.hidden", 128);
    int layers = Integer.getInteger("smoke.layers", 4);
    int heads = Integer.getInteger("smoke.heads", 4);
    double lr = Double.parseDouble(System.getProperty("smoke.lr", "2e-3"));
    int evalTasks = Integer.getInteger("smoke.eval", 50);
    int evalEvery = Integer.getInteger("smoke.evalEvery", 0);
    ArithmeticSuite suite =
        ArithmeticSuite.builder()
            .optLevels(1, 2)
            .optTrainPerLevel(2000)
            .optTestPerLevel((evalTasks + 1) / 2)
            .build();
    List<Trajectory> train = new ArrayList<>();
    String system = null;
    for (ArithmeticProblem p : suite.problems(Split.TRAIN)) {
      var obs = new ArithmeticEnvironment().reset(ArithmeticSuite.toTask(p));
      system = obs.system();
      train.add(
          FORMAT.tokenize(
              system, obs.user(), TeacherEpisodes.text(ArithmeticTeacher.generate(p, false))));
    }
    List<TaskSpec> test = suite.tasks(Split.TEST).subList(0, evalTasks);
    System.out.printf(
        Locale.ROOT,
        "system prompt %d tokens; %d train episodes, mean %.0f tokens; %d test tasks%n",
        FORMAT.tokenizer().encode(system).length,
        train.size(),
        train.stream().mapToInt(Trajectory::length).average().orElse(0),
        test.size());
    Qwen2Config config =
        new Qwen2Config(
            ByteTokenizer.VOCAB_SIZE,
            hidden,
            hidden * 3,
            layers,
            heads,
            heads,
            1e-6,
            10000,
            4096,
            true,
            "float32");
    long t0 = System.nanoTime();
    Random random = new Random(1);
    try (NDManager root = NDManager.newBaseManager();
        Qwen2Model model = Qwen2Model.random(config, 7, root);
        AdamW adam = AdamW.defaults(root);
        TreeTrainer trainer =
            new TreeTrainer(
                model,
                null,
                adam,
                sftConfig(new LrSchedule(lr, Math.min(20, steps / 10), steps, 0.1)),
                root)) {
      System.out.printf(Locale.ROOT, "model: %d parameters%n", model.parameterCount());
      long packedTokens = 0;
      long flatTokens = 0;
      double trainSeconds = 0;
      List<Double> stepMillis = new ArrayList<>();
      for (int step = 1; step <= steps; step++) {
        List<Trajectory> episodes = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
          Trajectory t = train.get(random.nextInt(train.size()));
          if (episodes.stream().noneMatch(e -> e.id().equals(t.id()))) {
            episodes.add(t);
          }
        }
        TreeRecord record = SftBatch.record("step-" + step, episodes);
        StepMetrics m = trainer.step(List.of(record));
        packedTokens += m.packedTokens();
        flatTokens += m.flatTokens();
        trainSeconds += m.millis() / 1000;
        stepMillis.add(m.millis());
        if (step % 10 == 0 || step == 1) {
          System.out.printf(
              Locale.ROOT,
              "step %4d loss %.4f lr %.2e packing %.2fx step %.0f ms%n",
              step,
              m.loss(),
              m.lr(),
              (double) m.flatTokens() / m.packedTokens(),
              m.millis());
        }
        if (evalEvery > 0 && step % evalEvery == 0 && step < steps) {
          solveRate(model, root, test, system, "step " + step);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "train: %d steps in %.1f s (median step %.0f ms); %.0f packed tok/s, %.0f flat tok/s;"
              + " packing %.2fx%n",
          steps,
          trainSeconds,
          stepMillis.stream().sorted().toList().get(steps / 2),
          packedTokens / trainSeconds,
          flatTokens / trainSeconds,
          (double) flatTokens / packedTokens);
      solveRate(model, root, test, system, "final");
    }
    System.out.printf(Locale.ROOT, "total wall %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  private static int count(String text, String what) {
    return text.split(Pattern.quote(what), -1).length - 1;
  }

  private static TrainerConfig sftConfig(LrSchedule schedule) {
    TrainerConfig c = TrainerConfig.sft(schedule);
    AttentionKind kind = AttentionKind.valueOf(System.getProperty("smoke.attention", "AUTO"));
    return new TrainerConfig(
        c.loss(),
        c.normalization(),
        c.schedule(),
        c.maxGradNorm(),
        kind,
        c.recomputeOldLogprobs(),
        c.scaler());
  }

  /** Greedy episodes on the held-out tasks: fraction solved. */
  private static void solveRate(
      Qwen2Model model, NDManager root, List<TaskSpec> test, String system, String label) {
    long t0 = System.nanoTime();
    int solved = 0;
    int shown = 0;
    int okResults = 0;
    int errorResults = 0;
    int turns = 0;
    long generated = 0;
    AgentRolloutSpec spec = AgentRolloutSpec.of(FORMAT, 0, 160, 6, 1500);
    try (Generator gen = new Generator(model, root)) {
      for (TaskSpec task : test) {
        EnvironmentAgentAdapter env =
            new EnvironmentAgentAdapter(new ArithmeticEnvironment(), task, task.getId());
        List<AgentEnvironment> envs = List.of(env);
        AgentRollout.Result r =
            AgentRollout.run(
                gen,
                spec,
                task.getId(),
                task.getId(),
                FORMAT.prompt(system, env.observation().user()),
                envs,
                INLINE);
        Trajectory t = r.trajectories().get(0);
        solved += t.reward() == 1.0 ? 1 : 0;
        for (Segment seg : t.segments()) {
          if (seg.role() == Role.TOOL_RESULT) {
            String text = FORMAT.tokenizer().decode(seg.tokens());
            okResults += count(text, "status=\"ok\"");
            errorResults += count(text, "status=\"error\"");
          }
        }
        if (shown++ < 2) {
          StringBuilder b = new StringBuilder();
          t.segments().stream()
              .skip(1)
              .forEach(seg -> b.append(FORMAT.tokenizer().decode(seg.tokens())));
          System.out.printf(
              Locale.ROOT,
              "sample %s (reward %.0f, answer %s):%n%s%n",
              task.getId(),
              t.reward(),
              task.getReferenceAnswer(),
              b);
        }
        turns += r.stats().turns();
        generated += r.stats().generatedTokens();
      }
    }
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "eval %s: solved %d/%d (%.0f%%), tool results ok %d / error %d, %.1f turns/episode,"
            + " %d tokens generated, %.1f s (%.0f tok/s)%n",
        label,
        solved,
        test.size(),
        100.0 * solved / test.size(),
        okResults,
        errorResults,
        (double) turns / test.size(),
        generated,
        s,
        generated / s);
  }
}
