package dev.arbor.app.ray;

import io.ray.api.Ray;
import io.ray.api.runtimecontext.NodeInfo;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.status.StatusLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Ray driver session: {@code Ray.init()} in LOCAL or cluster mode from a {@link RayTarget}, and
 * everything Ray leaves behind removed on {@link #close()}.
 *
 * <p>Ray's Java runtime reads its configuration from system properties at {@code Ray.init()}, so a
 * session sets them (mode or address, namespace, code search path, worker JVM options, session
 * folder), starts Ray, and restores the previous properties when it closes. Properties already set
 * by the caller (e.g. {@code -Dray.job.code-search-path=...}) are kept.
 *
 * <p>Leftovers: LOCAL mode extracts its ~32 MB native library into {@code ray.session-dir}; the
 * session points that at a fresh folder under the run folder (or the temp dir) and deletes it after
 * shutdown. A cluster driver extracts ~41 MB into a fixed temp path, deleted through {@link
 * RayNativeLibrary}. Only one session can be open per JVM (Ray is a process-wide singleton).
 */
public final class RaySession implements AutoCloseable {

  /** Namespace of Arbor's named actors, so that drivers of one cluster find each other's actors. */
  public static final String DEFAULT_NAMESPACE = "arbor";

  private static final java.util.concurrent.atomic.AtomicInteger LOCAL_JOBS =
      new java.util.concurrent.atomic.AtomicInteger(ProcessHandle.current().hashCode() & 0xffff);

  private static final Logger LOG = LoggerFactory.getLogger(RaySession.class);

  private final RayTarget target;
  private final Properties saved;
  private final Path sessionDir;
  private final String localConcurrencyProblem;
  private boolean closed;

  private RaySession(
      RayTarget target, Properties saved, Path sessionDir, String localConcurrencyProblem) {
    this.target = target;
    this.saved = saved;
    this.sessionDir = sessionDir;
    this.localConcurrencyProblem = localConcurrencyProblem;
  }

  /** Starts Ray for {@code target} in namespace {@value #DEFAULT_NAMESPACE}, temp files in /tmp. */
  public static RaySession start(RayTarget target) {
    return start(target, DEFAULT_NAMESPACE, null);
  }

  /**
   * Starts Ray for {@code target}.
   *
   * @param namespace namespace of the job's named actors
   * @param scratchParent folder for Ray's job-scoped files (e.g. the run folder); {@code null} for
   *     the system temp dir. The session's own subfolder in it is deleted on close.
   */
  public static RaySession start(RayTarget target, String namespace, Path scratchParent) {
    Properties saved = (Properties) System.getProperties().clone();
    Path sessionDir = null;
    String localProblem = null;
    try {
      Properties p = System.getProperties();
      p.setProperty("ray.job.namespace", namespace);
      if (target.isLocal()) {
        p.setProperty("ray.run-mode", "LOCAL");
        // LOCAL mode numbers jobs from 1 in every runtime, so a second session in this JVM would
        // reuse the first one's actor ids and call stale actor instances: give each its own job.
        p.setProperty("ray.job.id", String.format("%08x", LOCAL_JOBS.incrementAndGet()));
        sessionDir = createSessionDir(scratchParent);
        p.setProperty("ray.session-dir", sessionDir.toString());
        LOG.info("Ray LOCAL mode (session files in {}): resource requests are ignored", sessionDir);
      } else {
        p.setProperty("ray.run-mode", "CLUSTER");
        p.setProperty("ray.address", target.address());
        if (target.isLoopback()) {
          p.putIfAbsent("ray.node-ip", "127.0.0.1");
        }
        p.putIfAbsent("ray.job.code-search-path", codeSearchPath(p.getProperty("java.class.path")));
        LOG.info(
            "Ray cluster at {}, code search path {}", target, p.get("ray.job.code-search-path"));
      }
      WorkerJvmOptions.forwardAddOpensToWorkers();
      WorkerJvmOptions.append(p, WorkerJvmOptions.djlProperties(p));
      Ray.init();
      restoreLogging();
      if (target.isLocal()) {
        localProblem = LocalModeConcurrency.install();
        if (localProblem != null) {
          LOG.warn("Ray LOCAL mode: actor tasks must not overlap here ({})", localProblem);
        }
      }
    } catch (RuntimeException | Error e) {
      System.setProperties(saved);
      deleteTree(sessionDir);
      RayNativeLibrary.deleteLoadedCopy();
      throw e;
    }
    return new RaySession(target, saved, sessionDir, localProblem);
  }

  /**
   * Ray's {@code Ray.init()} replaces the driver's log4j2 configuration with its own console
   * appender on stdout at INFO, so every log line after it lands in the middle of results such as
   * {@code arbor bench --json}. Re-applies Arbor's {@code log4j2.xml} (stderr, WARN by default).
   */
  private static void restoreLogging() {
    URL config = RaySession.class.getResource("/log4j2.xml");
    if (config == null) {
      return;
    }
    try {
      // Ray's configuration set log4j's own status logger (which prints to stdout) to INFO.
      StatusLogger.getLogger().setLevel(Level.WARN);
      Configurator.reconfigure(config.toURI());
    } catch (URISyntaxException | LinkageError e) {
      LOG.warn(
          "could not restore Arbor's logging configuration after Ray.init(): {}", e.toString());
    }
  }

  public RayTarget target() {
    return target;
  }

  public boolean isLocal() {
    return target.isLocal();
  }

  /**
   * Whether actor tasks may start at the same moment on different actors. Always in a cluster; in
   * LOCAL mode when {@link LocalModeConcurrency} could fix Ray's shared actor context (it can for
   * the Ray version Arbor builds with).
   */
  public boolean concurrentActorTasks() {
    return localConcurrencyProblem == null;
  }

  /** The LOCAL session's scratch folder (deleted on close); empty in cluster mode. */
  public Optional<Path> sessionDir() {
    return Optional.ofNullable(sessionDir);
  }

  /**
   * Total resources of the cluster's alive nodes, summed by name ({@code CPU}, {@code memory},
   * custom tags). Empty in LOCAL mode, which ignores resources.
   */
  public Map<String, Double> clusterResources() {
    Map<String, Double> total = new LinkedHashMap<>();
    for (Map<String, Double> node : nodeResources()) {
      node.forEach((k, v) -> total.merge(k, v, Double::sum));
    }
    return total;
  }

  /** Resources of each alive node; empty in LOCAL mode. */
  public List<Map<String, Double>> nodeResources() {
    List<Map<String, Double>> nodes = new ArrayList<>();
    if (!isLocal()) {
      for (NodeInfo node : Ray.getRuntimeContext().getAllNodeInfo()) {
        if (node.isAlive) {
          nodes.add(Map.copyOf(node.resources));
        }
      }
    }
    return nodes;
  }

  /** Shuts Ray down, restores the system properties and deletes Ray's leftovers. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Ray.shutdown();
    } finally {
      System.setProperties(saved);
      if (sessionDir != null) {
        deleteTree(sessionDir);
      } else {
        RayNativeLibrary.deleteLoadedCopy();
      }
    }
  }

  /**
   * Where workers find Arbor's classes: this JVM's class path without Ray's own runtime (workers
   * have the cluster's). Folders are fine: Ray adds the jars inside a folder of the path.
   */
  static String codeSearchPath(String classPath) {
    List<String> kept = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      String name =
          Path.of(entry).getFileName() == null ? "" : Path.of(entry).getFileName().toString();
      boolean rayRuntime =
          name.equals("ray_dist.jar")
              || name.startsWith("ray-api-")
              || name.startsWith("ray-runtime-");
      if (!entry.isBlank() && !rayRuntime) {
        kept.add(entry);
      }
    }
    return String.join(File.pathSeparator, kept);
  }

  private static Path createSessionDir(Path parent) {
    try {
      if (parent == null) {
        return Files.createTempDirectory("arbor-ray-");
      }
      Files.createDirectories(parent);
      return Files.createTempDirectory(parent, "ray-session-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Ray's session folder under " + parent, e);
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("could not delete Ray's session folder {}: {}", dir, e.toString());
    }
  }
}
