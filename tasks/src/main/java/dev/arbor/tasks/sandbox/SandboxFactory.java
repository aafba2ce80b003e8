package dev.arbor.tasks.sandbox;

import dev.arbor.proto.v1.RepositorySnapshot;

/**
 * Creates sandboxes: one per episode. Implementations: {@link ProcessSandboxFactory} (bubblewrap,
 * unshare or plain processes); a container backend would be another (see {@link ContainerBackend}).
 */
public interface SandboxFactory extends AutoCloseable {

  /**
   * A new sandbox with a private working copy of {@code snapshot}.
   *
   * @param name a label for the sandbox's id and folder (e.g. the task id); any characters
   * @param snapshot the repository to copy; a default (empty) snapshot gives an empty working copy
   * @throws dev.arbor.tasks.InfraFailure when the snapshot cannot be materialised or the sandbox
   *     cannot start
   */
  Sandbox create(String name, RepositorySnapshot snapshot, SandboxLimits limits);

  /** The isolation the sandboxes of this factory get. */
  Isolation isolation();

  /** Closes every sandbox still open and releases the factory's resources. */
  @Override
  void close();
}
