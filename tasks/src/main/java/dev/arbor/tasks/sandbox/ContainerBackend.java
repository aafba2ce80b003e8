package dev.arbor.tasks.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Sketch of a container backend (DESIGN.md §8: one OCI image per task, as in the KAT environment
 * images). NOT IMPLEMENTED: this machine has no container runtime that can start containers (no
 * Docker; podman installs but its runtimes fail on setrlimit), so nothing here could be tested, and
 * no class pretends to implement it. It records the contract a real implementation would meet so
 * that it can slot in behind {@link SandboxFactory} without changes elsewhere.
 *
 * <p>A {@code ContainerSandboxFactory} would, for each {@link SandboxFactory#create}: pull or find
 * the task's image ({@link #ensureImage}); materialise the working copy on the host as {@link
 * ProcessSandboxFactory} does; {@link #start} a long-lived container with that folder bound
 * read-write at a fixed path; run each command with {@link #exec}; {@link #remove} the container on
 * close. Files stay on the host, so {@link LocalWorkspace} serves the file tools unchanged. With
 * podman or docker the flags would be {@code --network=none --pids-limit=N --memory=B --cpus=C
 * --read-only --tmpfs /tmp --security-opt no-new-privileges --cap-drop=ALL -v WORK:/work:rw -w
 * /work --user UID} and {@code exec --env ...} with the scrubbed environment; timeouts are enforced
 * by killing the exec's process (or the container) from the JVM.
 */
public interface ContainerBackend {

  /** True when the runtime answers (e.g. {@code podman info} succeeds). */
  boolean available();

  /** Makes {@code image} present locally (pull or load); fails if it cannot, without network. */
  void ensureImage(String image);

  /**
   * Starts a container of {@code image} that idles until removed, with {@code workDir} bound
   * read-write as its working directory and {@code limits} applied container-wide.
   *
   * @return the runtime's container id
   */
  String start(String image, Path workDir, SandboxLimits limits, Map<String, String> env);

  /**
   * Runs {@code command} with {@code /bin/sh -c} in the container; same contract as {@link
   * Sandbox#exec}.
   */
  ExecResult exec(String containerId, String command, Duration wallClock);

  /** Kills and removes the container; idempotent. */
  void remove(String containerId);
}
