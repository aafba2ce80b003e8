package dev.arbor.tasks.verify;

import dev.arbor.proto.v1.SnapshotKind;
import dev.arbor.proto.v1.TaskSpec;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private temporary copy of a task's directory snapshot, deleted on {@link #close()}. For trusted
 * local runs (validating suites, generating teacher trajectories); agents get their working copy
 * from the sandbox. Symbolic links are copied as links, file permissions (the executable bit of
 * scripts) are kept.
 */
public final class WorkingCopy implements AutoCloseable {
  private final Path root;

  private WorkingCopy(Path root) {
    this.root = root;
  }

  /** Copies the task's {@code SNAPSHOT_KIND_DIRECTORY} repository into a new temporary folder. */
  public static WorkingCopy of(TaskSpec task) throws IOException {
    if (task.getRepository().getKind() != SnapshotKind.SNAPSHOT_KIND_DIRECTORY) {
      throw new IllegalArgumentException(
          "task "
              + task.getId()
              + ": a local working copy needs a DIRECTORY snapshot, not "
              + task.getRepository().getKind());
    }
    Path source = Path.of(task.getRepository().getLocation());
    if (!Files.isDirectory(source)) {
      throw new IOException(
          "task " + task.getId() + ": repository snapshot " + source + " is not a directory");
    }
    Path root = Files.createTempDirectory("arbor-" + safe(task.getId()) + "-");
    copyTree(source, root);
    return new WorkingCopy(root);
  }

  /** The folder of the copy. */
  public Path root() {
    return root;
  }

  /** Copies the contents of {@code source} into the existing folder {@code target}. */
  public static void copyTree(Path source, Path target) throws IOException {
    Files.walkFileTree(
        source,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(target.resolve(source.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.copy(
                file,
                target.resolve(source.relativize(file).toString()),
                StandardCopyOption.COPY_ATTRIBUTES,
                LinkOption.NOFOLLOW_LINKS);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
