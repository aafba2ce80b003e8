package dev.arbor.tasks.sandbox;

/**
 * How a {@link ProcessSandbox} isolates the commands it runs from the host. {@link
 * ProcessSandboxFactory} picks the strongest one the machine offers unless told otherwise.
 */
public enum Isolation {
  /**
   * bubblewrap: no network (own network namespace with only a loopback device), a read-only view of
   * {@code /} with the working copy bound read-write, a private {@code /tmp}, an own pid namespace
   * (killing the sandbox process kills every process of the command, also those that called {@code
   * setsid}), an own user namespace with all capabilities dropped (a JVM running as root does not
   * hand root's powers to commands: no mknod, mount or module loading).
   */
  BUBBLEWRAP,
  /**
   * util-linux {@code unshare}: no network, an own pid namespace and (where the kernel allows) an
   * own user namespace like {@link #BUBBLEWRAP}, but the file system is the host's: commands can
   * write wherever the JVM's user can.
   */
  UNSHARE,
  /**
   * No OS isolation: commands run on the host as the JVM's user, with network. Resource limits, the
   * scrubbed environment and the file tools' confinement to the working copy still apply.
   */
  NONE;

  /** True when commands have no network and their processes cannot outlive the sandbox process. */
  public boolean isolatesNetworkAndProcesses() {
    return this != NONE;
  }
}
