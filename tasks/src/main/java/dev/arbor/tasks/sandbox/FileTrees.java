package dev.arbor.tasks.sandbox;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Copying and deleting folder trees without following symbolic links. */
final class FileTrees {
  private static final Logger LOG = LoggerFactory.getLogger(FileTrees.class);

  private FileTrees() {}

  /**
   * Copies {@code src} into the existing folder {@code dst}: regular files with their permissions
   * (never hard links: a sandboxed command writing a file in place must not change the snapshot),
   * symbolic links as links (their targets untouched), folders; sockets, pipes and devices are
   * skipped with a debug log.
   */
  static void copy(Path src, Path dst) throws IOException {
    Files.walkFileTree(
        src,
        EnumSet.noneOf(FileVisitOption.class),
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a)
              throws IOException {
            Path t = dst.resolve(src.relativize(d).toString());
            if (!d.equals(src)) {
              Files.createDirectory(t);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
            Path t = dst.resolve(src.relativize(f).toString());
            if (a.isSymbolicLink()) {
              Files.createSymbolicLink(t, Files.readSymbolicLink(f));
            } else if (a.isRegularFile()) {
              Files.copy(f, t, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            } else {
              LOG.debug("skipping special file {}", f);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Path t = dst.resolve(src.relativize(d).toString());
            Files.setPosixFilePermissions(t, Files.getPosixFilePermissions(d));
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /**
   * Deletes {@code dir} and everything in it, not following links; folders a command made
   * unwritable are made writable first. Missing is fine.
   */
  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a)
              throws IOException {
            if (!Files.isWritable(d) || !Files.isExecutable(d) || !Files.isReadable(d)) {
              Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
            deleteOne(f);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            deleteOne(f);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
              throw e;
            }
            deleteOne(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void deleteOne(Path p) throws IOException {
    try {
      Files.deleteIfExists(p);
    } catch (AccessDeniedException e) {
      Path parent = p.getParent();
      Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
      Files.deleteIfExists(p);
    }
  }
}
