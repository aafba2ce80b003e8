package dev.arbor.tasks.bench;

import dev.arbor.proto.v1.RepositorySnapshot;
import dev.arbor.proto.v1.SnapshotKind;
import dev.arbor.proto.v1.ToolCall;
import dev.arbor.proto.v1.ToolResult;
import dev.arbor.proto.v1.ToolStatus;
import dev.arbor.tasks.sandbox.Isolation;
import dev.arbor.tasks.sandbox.ProcessSandboxFactory;
import dev.arbor.tasks.sandbox.Sandbox;
import dev.arbor.tasks.sandbox.SandboxConfig;
import dev.arbor.tasks.sandbox.SandboxLimits;
import dev.arbor.tasks.tools.Episode;
import dev.arbor.tasks.tools.ToolContext;
import dev.arbor.tasks.tools.ToolRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Measures the sandbox for {@code arbor bench sandbox}: for each isolation, the time to create and
 * destroy a sandbox (copy of a small repository snapshot in, folder deleted out), the latency of a
 * short {@code run} tool call ({@code echo hi}, through the tool registry as an agent's call goes),
 * and sequential short episodes (create, one {@code run}, destroy); then many short episodes
 * started at once, counting failures (an exception, a wrong status or output).
 *
 * <p>The snapshot is a generated repository of {@value #SNAPSHOT_FILES} small files in a few
 * folders (about 40 KB), like a tiny Python project.
 */
public final class SandboxBenchmark {
  static final int SNAPSHOT_FILES = 24;

  /**
   * @param isolations the isolations to measure sequentially
   * @param parallelIsolation the isolation of the parallel run
   * @param iterations timed repetitions per measurement
   * @param warmup untimed repetitions before each
   * @param parallelEpisodes episodes started at once in the parallel run
   * @param root folder for snapshot and sandboxes (deleted afterwards)
   */
  public record Config(
      List<Isolation> isolations,
      Isolation parallelIsolation,
      int iterations,
      int warmup,
      int parallelEpisodes,
      Path root) {
    public Config {
      if (iterations < 1 || warmup < 0 || parallelEpisodes < 0) {
        throw new IllegalArgumentException(
            "iterations must be >= 1, warmup and parallelEpisodes >= 0");
      }
      isolations = List.copyOf(isolations);
    }
  }

  /** Latency percentiles in milliseconds. */
  public record Stats(int n, double p50Ms, double p99Ms, double meanMs, double maxMs) {
    static Stats of(long[] nanos) {
      long[] s = nanos.clone();
      Arrays.sort(s);
      double mean = Arrays.stream(s).average().orElse(0) / 1e6;
      return new Stats(s.length, pct(s, 0.50), pct(s, 0.99), mean, s[s.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double q) {
      int i = (int) Math.ceil(q * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
  }

  /** Sequential measurements of one isolation. */
  public record BackendResult(
      Isolation isolation,
      boolean cgroups,
      Stats createDestroy,
      Stats runEchoHi,
      Stats episode,
      double episodesPerSecond) {}

  /** The parallel run. */
  public record ParallelResult(
      Isolation isolation,
      int episodes,
      int failures,
      List<String> failureSamples,
      double wallSeconds,
      double episodesPerSecond,
      Stats episodeLatency,
      int leftoverSandboxFolders) {}

  /** Everything measured. */
  public record Result(List<BackendResult> backends, ParallelResult parallel) {}

  private SandboxBenchmark() {}

  public static Result run(Config config, Consumer<String> progress) throws IOException {
    Files.createDirectories(config.root());
    Path snapshot = writeSnapshot(config.root().resolve("snapshot"));
    RepositorySnapshot snap = directory(snapshot);
    List<Isolation> isos = config.isolations();
    Map<Isolation, ProcessSandboxFactory> factories = new EnumMap<>(Isolation.class);
    try {
      for (Isolation iso : isos) {
        factories.put(iso, factory(iso, config.root().resolve("seq-" + iso)));
      }
      if (!isos.isEmpty() && config.warmup() > 0) {
        // The JIT compiles the copy, delete and launch paths over the first few hundred
        // sandboxes; without this the first isolation measured pays for it. Done without
        // isolation: tearing down network namespaces is deferred work of the kernel that would
        // slow what is measured next.
        progress.accept("JIT warm-up");
        Config warm =
            new Config(List.of(), Isolation.NONE, 1, 5 * config.warmup(), 0, config.root());
        try (ProcessSandboxFactory f = factory(Isolation.NONE, config.root().resolve("warm"))) {
          measure(f, snap, warm);
        }
      }
      // Phase by phase across isolations, so that no isolation is measured right after another
      // one's process-heavy phase more than the others.
      Map<Isolation, long[]> create = new EnumMap<>(Isolation.class);
      Map<Isolation, long[]> run = new EnumMap<>(Isolation.class);
      Map<Isolation, long[]> episode = new EnumMap<>(Isolation.class);
      for (Isolation iso : isos) {
        progress.accept("create+destroy: " + iso);
        create.put(
            iso, time(config, () -> factories.get(iso).create("bench", snap, LIMITS).close()));
      }
      for (Isolation iso : isos) {
        progress.accept("run(echo hi): " + iso);
        try (Sandbox s = factories.get(iso).create("bench", snap, LIMITS)) {
          ToolContext ctx = new ToolContext(s, new Episode());
          run.put(iso, time(config, () -> check(TOOLS.call(echoHi(), ctx))));
        }
      }
      for (Isolation iso : isos) {
        progress.accept("episodes: " + iso);
        episode.put(iso, time(config, () -> episode(factories.get(iso), snap)));
      }
      List<BackendResult> backends = new ArrayList<>();
      for (Isolation iso : isos) {
        Stats ep = Stats.of(episode.get(iso));
        backends.add(
            new BackendResult(
                iso,
                factories.get(iso).usesCgroups(),
                Stats.of(create.get(iso)),
                Stats.of(run.get(iso)),
                ep,
                1000.0 / ep.meanMs()));
      }
      factories.values().forEach(ProcessSandboxFactory::close);
      ParallelResult parallel = null;
      if (config.parallelEpisodes() > 0) {
        progress.accept(
            config.parallelEpisodes() + " parallel episodes: " + config.parallelIsolation());
        parallel = parallel(config.parallelIsolation(), snapshot, config);
      }
      return new Result(backends, parallel);
    } finally {
      factories.values().forEach(ProcessSandboxFactory::close);
      deleteTree(config.root());
    }
  }

  private static final SandboxLimits LIMITS = SandboxLimits.defaults();
  private static final ToolRegistry TOOLS = ToolRegistry.standard();

  private static void measure(ProcessSandboxFactory f, RepositorySnapshot snap, Config c) {
    time(c, () -> f.create("bench", snap, LIMITS).close());
    time(c, () -> episode(f, snap));
  }

  private static void episode(ProcessSandboxFactory f, RepositorySnapshot snap) {
    try (Sandbox s = f.create("bench", snap, LIMITS)) {
      check(TOOLS.call(echoHi(), new ToolContext(s, new Episode())));
    }
  }

  private static ParallelResult parallel(Isolation iso, Path snapshot, Config c)
      throws IOException {
    RepositorySnapshot snap = directory(snapshot);
    ToolRegistry tools = ToolRegistry.standard();
    Path root = c.root().resolve("par-" + iso);
    int n = c.parallelEpisodes();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    long[] latency = new long[n];
    ExecutorService pool = Executors.newFixedThreadPool(n);
    long wall;
    try (ProcessSandboxFactory f = factory(iso, root)) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  long t0 = System.nanoTime();
                  try (Sandbox s = f.create("par-" + k, snap, SandboxLimits.defaults())) {
                    check(tools.call(echoHi(), new ToolContext(s, new Episode())));
                  } catch (RuntimeException e) {
                    failures.add("episode " + k + ": " + e.getMessage());
                  }
                  latency[k] = System.nanoTime() - t0;
                  return null;
                }));
      }
      long t0 = System.nanoTime();
      go.countDown();
      for (Future<?> fu : futures) {
        try {
          fu.get();
        } catch (Exception e) {
          failures.add(e.toString());
        }
      }
      wall = System.nanoTime() - t0;
    } finally {
      pool.shutdownNow();
    }
    int leftovers;
    try (Stream<Path> s = Files.exists(root) ? Files.list(root) : Stream.empty()) {
      leftovers = (int) s.count();
    }
    double seconds = wall / 1e9;
    return new ParallelResult(
        iso,
        n,
        failures.size(),
        failures.stream().limit(5).toList(),
        seconds,
        n / seconds,
        Stats.of(latency),
        leftovers);
  }

  private static ProcessSandboxFactory factory(Isolation iso, Path root) {
    return ProcessSandboxFactory.create(SandboxConfig.defaults().withRoot(root).withIsolation(iso));
  }

  private static ToolCall echoHi() {
    return ToolCall.newBuilder()
        .setCallId("b")
        .setToolName("run")
        .putArguments("cmd", "echo hi")
        .build();
  }

  private static void check(ToolResult r) {
    if (r.getStatus() != ToolStatus.TOOL_STATUS_OK || !r.getStdout().equals("hi\n")) {
      throw new IllegalStateException(
          "run(echo hi) gave "
              + r.getStatus()
              + " '"
              + r.getStdout()
              + "' '"
              + r.getStderr()
              + "'");
    }
  }

  private interface Body {
    void run();
  }

  private static long[] time(Config c, Body body) {
    for (int i = 0; i < c.warmup(); i++) {
      body.run();
    }
    long[] out = new long[c.iterations()];
    for (int i = 0; i < out.length; i++) {
      long t0 = System.nanoTime();
      body.run();
      out[i] = System.nanoTime() - t0;
    }
    return out;
  }

  private static RepositorySnapshot directory(Path p) {
    return RepositorySnapshot.newBuilder()
        .setKind(SnapshotKind.SNAPSHOT_KIND_DIRECTORY)
        .setLocation(p.toString())
        .build();
  }

  /** A tiny Python project: a package, tests, a README, ~40 KB. */
  static Path writeSnapshot(Path dir) throws IOException {
    for (int i = 0; i < SNAPSHOT_FILES; i++) {
      String folder = i < 12 ? "pkg" : i < 20 ? "tests" : "docs";
      Path f = dir.resolve(folder).resolve("file_" + i + (folder.equals("docs") ? ".md" : ".py"));
      Files.createDirectories(f.getParent());
      StringBuilder b = new StringBuilder();
      for (int line = 0; line < 60; line++) {
        b.append("def function_")
            .append(i)
            .append('_')
            .append(line)
            .append("(x):  return x + ")
            .append(line)
            .append('\n');
      }
      Files.writeString(f, b);
    }
    Files.writeString(dir.resolve("README.md"), "# bench\n");
    return dir;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Collections.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
