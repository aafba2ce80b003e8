package dev.arbor.app.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.arbor.tasks.env.Observation;
import dev.arbor.tasks.suite.Split;
import dev.arbor.tasks.suite.arithmetic.ArithmeticEnvironment;
import dev.arbor.tasks.suite.arithmetic.ArithmeticProblem;
import dev.arbor.tasks.suite.arithmetic.ArithmeticSuite;
import dev.arbor.tasks.teacher.ArithmeticTeacher;
import dev.arbor.tasks.teacher.TextSegment;
import dev.arbor.trainer.agent.EpisodeFormat;
import dev.arbor.trainer.bench.PruningBenchmark;
import dev.arbor.trainer.generate.Generator;
import dev.arbor.trainer.generate.SamplingParams;
import dev.arbor.trainer.generate.TreeRollout;
import dev.arbor.trainer.generate.TreeRolloutSpec;
import dev.arbor.trainer.io.Checkpoint;
import dev.arbor.trainer.io.LoadedCheckpoint;
import dev.arbor.trainer.model.Qwen2Config;
import dev.arbor.trainer.model.Qwen2Model;
import dev.arbor.trainer.tokenizer.ByteTokenizer;
import dev.arbor.tree.Role;
import dev.arbor.tree.pack.PackedTree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arbor bench pruning}: gradient cosine similarity of pruned trees to the full tree, on tree
 * rollouts of arithmetic-tools problems.
 */
@Command(
    name = "pruning",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Roll out trees on arithmetic-tools problems, then compare the policy gradient of pruned",
      "trees (entropy best-first vs random) with the full tree's at several budgets. JSON."
    })
final class BenchPruningCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print JSON (the default and only format).")
  boolean json;

  @Option(names = "--model", defaultValue = "tiny", description = "tiny, small or base (random).")
  String model;

  @Option(names = "--checkpoint", description = "A checkpoint folder instead of a random model.")
  Path checkpoint;

  @Option(names = "--trees", defaultValue = "6", description = "Rollout trees (>= 5).")
  int trees;

  @Option(names = "--group", defaultValue = "8", description = "Samples per problem (G).")
  int group;

  @Option(names = "--max-new", defaultValue = "48", description = "New tokens per sample.")
  int maxNew;

  @Option(
      names = "--budgets",
      split = ",",
      defaultValue = "0.25,0.5,0.75",
      description = "Fractions of packed tokens to keep.")
  double[] budgets;

  @Option(names = "--random-seeds", defaultValue = "5", description = "Seeds of random pruning.")
  int randomSeeds;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of weights and sampling.")
  long seed;

  @Override
  public Integer call() throws Exception {
    List<ArithmeticProblem> problems =
        ArithmeticSuite.builder()
            .optLevels(1, 2)
            .optTrainPerLevel(trees)
            .build()
            .problems(Split.TRAIN);
    ByteTokenizer tokenizer = new ByteTokenizer();
    try (NDManager m = NDManager.newBaseManager();
        Qwen2Model policy = load(m)) {
      List<PackedTree> rolled = new ArrayList<>();
      try (Generator generator = new Generator(policy, m)) {
        for (int i = 0; i < trees; i++) {
          ArithmeticProblem p = problems.get(i);
          int[] prompt = prompt(p, tokenizer);
          String answer = p.answer().toString();
          String teacher = teacherText(p);
          TreeRolloutSpec rollout =
              TreeRolloutSpec.samples(group, SamplingParams.of(1.0, 1.0, maxNew))
                  .withBranching(1, 2, 2, 4)
                  .withSeed(seed * 7919 + i);
          TreeRollout.Result r =
              TreeRollout.run(
                  generator,
                  rollout,
                  p.id(),
                  p.id(),
                  prompt,
                  (pr, completion, finish) ->
                      RewardSimilarity.score(tokenizer.decode(completion), answer, teacher));
          rolled.add(PackedTree.of(r.tree()));
          spec.commandLine()
              .getErr()
              .printf("bench pruning: rolled out tree %d/%d%n", i + 1, trees);
        }
      }
      PruningBenchmark.Result res = PruningBenchmark.run(policy, rolled, budgets, randomSeeds);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("benchmark", "pruning");
      out.put("model", checkpoint != null ? checkpoint.toString() : model + " (random weights)");
      out.put("trees", res.trees());
      out.put("group", group);
      out.put("random_seeds", res.randomSeeds());
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < budgets.length; i++) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("budget", budgets[i]);
        row.put("entropy_cosine", round(res.entropyCosine()[i]));
        row.put("advantage_entropy_cosine", round(res.advantageEntropyCosine()[i]));
        row.put("gradient_density_cosine", round(res.gradientDensityCosine()[i]));
        row.put("random_cosine", round(res.randomCosine()[i]));
        row.put("entropy_beats_random", res.entropyCosine()[i] > res.randomCosine()[i]);
        row.put("entropy_kept_trajectories", round(res.entropyKeptTrajectories()[i]));
        row.put("random_kept_trajectories", round(res.randomKeptTrajectories()[i]));
        rows.add(row);
      }
      out.put("rows", rows);
      spec.commandLine()
          .getOut()
          .println(
              new ObjectMapper()
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(out));
    }
    return ArborCli.EXIT_OK;
  }

  /**
   * The first prompt of {@code p}: for a trained checkpoint the agent's own (the suite's system
   * text and the task, in the episode format it was trained on), for random weights the bare
   * problem text.
   */
  private int[] prompt(ArithmeticProblem p, ByteTokenizer tokenizer) {
    if (checkpoint == null) {
      return tokenizer.encode("<bos>" + p.text() + "\n");
    }
    try (ArithmeticEnvironment env = new ArithmeticEnvironment()) {
      Observation o = env.reset(ArithmeticSuite.toTask(p));
      return new EpisodeFormat(tokenizer).prompt(o.system(), o.user());
    }
  }

  /** The teacher's first model turn: what a good first turn looks like (RFT reference). */
  private static String teacherText(ArithmeticProblem p) {
    for (TextSegment s : ArithmeticTeacher.generate(p, false).segments()) {
      if (s.role() == Role.MODEL || s.role() == Role.TOOL_CALL) {
        return s.text();
      }
    }
    return p.answer().toString();
  }

  private Qwen2Model load(NDManager m) throws Exception {
    if (checkpoint != null) {
      LoadedCheckpoint c = Checkpoint.load(checkpoint, m);
      return Qwen2Model.of(c.config(), c.parameters(), m);
    }
    return Qwen2Model.random(Qwen2Config.named(model), seed, m);
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
