package dev.arbor.app.job;

import dev.arbor.actors.ModelSpec;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An Arbor job as {@code resources/jobs/*.yaml} describes it: what to train (model, task suite),
 * where (roles and their Ray resources), how (rollout, train) and with which seed. Immutable and
 * validated; read with {@link JobConfigReader}, which also fills defaults and names the file and
 * key of every error.
 *
 * @param job name of the job; names its actors ({@code arbor/<job>/<role>-<i>})
 * @param runName name of the run folder {@code runs/<run_name>} (default: the job's name)
 * @param resume continue from the run's newest checkpoint
 * @param seed seed of everything random in the run
 * @param model the policy model
 * @param suite the task suite
 * @param roles actors per role and their resources
 * @param rollout sampling of episodes
 * @param train the optimisation
 */
public record JobConfig(
    String job,
    String runName,
    boolean resume,
    long seed,
    ModelConfig model,
    SuiteConfig suite,
    Roles roles,
    RolloutConfig rollout,
    TrainConfig train) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public JobConfig {
    name("job", job);
    runName = runName == null || runName.isBlank() ? job : runName;
    name("run_name", runName);
    required("model", model);
    required("suite", suite);
    required("roles", roles);
    required("rollout", rollout);
    required("train", train);
  }

  /**
   * The policy model: a named tiny configuration ({@code tiny}, {@code small}, {@code base}) or a
   * Hugging Face checkpoint folder.
   */
  public record ModelConfig(String config, String dir) {
    public ModelConfig {
      new ModelSpec(config, dir, 0);
    }

    public ModelSpec spec(long seed) {
      return new ModelSpec(config, dir, seed);
    }
  }

  /** The task suite and, for generated suites, its levels. */
  public record SuiteConfig(String name, List<Integer> levels) {
    public SuiteConfig {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("name is required (e.g. arithmetic-tools, mini-swe)");
      }
      levels = levels == null ? List.of() : List.copyOf(levels);
      for (int level : levels) {
        if (level < 1) {
          throw new IllegalArgumentException("levels must be >= 1, got " + level);
        }
      }
    }
  }

  /**
   * Command-line overrides; {@code null} fields keep the config's value.
   *
   * @param policies number of policy actors
   * @param sandboxes number of sandbox actors
   * @param steps training steps
   * @param runName run folder name
   * @param resume continue from the newest checkpoint
   */
  public record Overrides(
      Integer policies, Integer sandboxes, Integer steps, String runName, Boolean resume) {
    public static Overrides none() {
      return new Overrides(null, null, null, null, null);
    }
  }

  /** This config with the non-null overrides applied (and validated like the file's values). */
  /** The same job with {@code train} replaced. */
  public JobConfig withTrain(TrainConfig t) {
    return new JobConfig(job, runName, resume, seed, model, suite, roles, rollout, t);
  }

  public JobConfig withOverrides(Overrides o) {
    Roles r = roles;
    if (o.policies() != null) {
      r = r.withPolicies(o.policies());
    }
    if (o.sandboxes() != null) {
      r = r.withSandboxes(o.sandboxes());
    }
    TrainConfig t = o.steps() == null ? train : train.withSteps(o.steps());
    return new JobConfig(
        job,
        o.runName() == null ? runName : o.runName(),
        o.resume() == null ? resume : o.resume(),
        seed,
        model,
        suite,
        r,
        rollout,
        t);
  }

  static void atLeast(String key, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(key + " must be >= " + min + ", got " + value);
    }
  }

  private static void required(String key, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(key + " is required");
    }
  }

  private static void name(String key, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          key
              + " must be 1-64 letters, digits, '.', '_' or '-' (starting with a letter or digit),"
              + " got '"
              + value
              + "'");
    }
  }
}
