package dev.arbor.tasks.sandbox;

import dev.arbor.proto.v1.RepositorySnapshot;
import dev.arbor.tasks.InfraFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Fills a new sandbox's working copy from a {@link RepositorySnapshot}:
 *
 * <ul>
 *   <li>{@code DIRECTORY}: copied file by file (never hard-linked: a command writing a file in
 *       place would change the snapshot for every later episode);
 *   <li>{@code TARBALL}: unpacked with {@code tar -xf} (compression detected by tar) inside the
 *       sandbox, so under bubblewrap a hostile archive cannot write outside the working copy;
 *   <li>{@code GIT}: {@code git clone --no-hardlinks} of a local repository inside the sandbox,
 *       then {@code git checkout} of {@code base_commit} if given (no network: the location must be
 *       a local path);
 *   <li>no snapshot (the default message): an empty working copy.
 * </ul>
 *
 * Failures are {@link InfraFailure}s that name the location: a task whose snapshot cannot be read
 * is broken, not failed by the agent.
 */
final class WorkingCopy {
  private static final Duration UNPACK_TIMEOUT = Duration.ofMinutes(10);

  private WorkingCopy() {}

  static void materialise(RepositorySnapshot snapshot, ProcessSandbox sandbox) {
    if (snapshot.equals(RepositorySnapshot.getDefaultInstance())) {
      return;
    }
    String location = snapshot.getLocation();
    if (location.isBlank()) {
      throw new InfraFailure(
          "repository snapshot of kind " + snapshot.getKind() + " has no location");
    }
    Path src = Path.of(location).toAbsolutePath();
    switch (snapshot.getKind()) {
      case SNAPSHOT_KIND_DIRECTORY -> copyDirectory(src, sandbox.workDir());
      case SNAPSHOT_KIND_TARBALL -> {
        requireFile(src, "tarball");
        run(sandbox, src, "tar -xf " + Shell.quote(src.toString()) + " -C .", "unpacking " + src);
      }
      case SNAPSHOT_KIND_GIT -> {
        if (!Files.isDirectory(src)) {
          throw new InfraFailure(
              "git snapshot '" + location + "' is not a local directory (no network in sandboxes)");
        }
        run(
            sandbox,
            src,
            "git clone --quiet --no-hardlinks " + Shell.quote(src.toString()) + " .",
            "cloning " + src);
        if (!snapshot.getBaseCommit().isBlank()) {
          run(
              sandbox,
              src,
              "git -c advice.detachedHead=false checkout --quiet "
                  + Shell.quote(snapshot.getBaseCommit()),
              "checking out " + snapshot.getBaseCommit() + " of " + src);
        }
      }
      default ->
          throw new InfraFailure(
              "repository snapshot '"
                  + location
                  + "' has kind "
                  + snapshot.getKind()
                  + "; expected DIRECTORY, TARBALL or GIT");
    }
  }

  private static void copyDirectory(Path src, Path dst) {
    if (!Files.isDirectory(src)) {
      throw new InfraFailure(
          "repository snapshot directory '" + src + "' does not exist or is not a directory");
    }
    try {
      FileTrees.copy(src, dst);
    } catch (IOException e) {
      throw new InfraFailure("cannot copy repository snapshot '" + src + "': " + e, e);
    }
  }

  private static void requireFile(Path src, String what) {
    if (!Files.isRegularFile(src)) {
      throw new InfraFailure("repository " + what + " '" + src + "' does not exist");
    }
  }

  private static void run(ProcessSandbox sandbox, Path source, String command, String what) {
    ExecResult r = sandbox.execSeeing(command, UNPACK_TIMEOUT, List.of(source));
    if (!r.ok()) {
      throw new InfraFailure(
          String.format(
              "%s failed (%s, exit %d): %s",
              what, r.termination(), r.exitCode(), (r.stderr() + r.stdout()).strip()));
    }
  }
}
