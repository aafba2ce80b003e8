package dev.arbor.tasks.sandbox;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Workspace} on a folder of the host, the working copy of a {@link ProcessSandbox}.
 *
 * <p>Paths are checked lexically first (relative, no {@code ..}, no NUL), then against the real
 * path of their deepest existing ancestor, so a symbolic link anywhere on the way that leads out of
 * the working copy is refused. Writes follow symbolic links inside the working copy to their target
 * (also a dangling one, if it stays inside) and replace files by rename, which also cuts hard links
 * to files elsewhere. Every operation holds {@code lock}, which the sandbox holds exclusively
 * against running commands: while a check runs, no sandboxed process can change the tree under it.
 */
public final class LocalWorkspace implements Workspace {
  private static final int MAX_LINK_HOPS = 40;
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final Set<PosixFilePermission> NEW_FILE_MODE =
      PosixFilePermissions.fromString("rw-r--r--");

  private final Path root;
  private final Lock lock;

  /**
   * @param root the working copy (made real: symbolic links in it are resolved once)
   * @param lock held around every operation; the owning sandbox's lock against running commands
   */
  public LocalWorkspace(Path root, Lock lock) throws IOException {
    this.root = root.toRealPath();
    this.lock = lock;
  }

  /** A workspace on {@code root} with a lock of its own (for use without a sandbox). */
  public static LocalWorkspace of(Path root) throws IOException {
    return new LocalWorkspace(root, new ReentrantLock());
  }

  @Override
  public Path root() {
    return root;
  }

  @Override
  public byte[] read(String path) throws IOException {
    lock.lock();
    try {
      Path p = resolveExisting(path);
      if (Files.isDirectory(p)) {
        throw new IOException("'" + path + "' is a directory, not a file (use list_dir)");
      }
      long size = Files.size(p);
      if (size > MAX_READ_BYTES) {
        throw new IOException(
            String.format(
                "'%s' has %d bytes; files over %d bytes are not read", path, size, MAX_READ_BYTES));
      }
      return Files.readAllBytes(p);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void write(String path, byte[] content) throws IOException {
    lock.lock();
    try {
      Path target = resolveForWrite(path);
      if (Files.isDirectory(target)) {
        throw new IOException("'" + path + "' is a directory; cannot write it as a file");
      }
      Files.createDirectories(target.getParent());
      Set<PosixFilePermission> mode =
          Files.exists(target, NOFOLLOW) ? Files.getPosixFilePermissions(target) : null;
      Path tmp = Files.createTempFile(target.getParent(), ".arbor-write-", ".tmp");
      try {
        Files.write(tmp, content);
        if (mode != null) {
          Files.setPosixFilePermissions(tmp, mode);
        } else {
          Files.setPosixFilePermissions(tmp, NEW_FILE_MODE);
        }
        try {
          Files.move(
              tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void delete(String path) throws IOException {
    lock.lock();
    try {
      Path p = resolveLexical(path);
      if (p.equals(root)) {
        throw new PathNotAllowedException("cannot delete the working copy itself");
      }
      checkInside(path, realOfDeepestExisting(p.getParent()));
      if (!Files.exists(p, NOFOLLOW)) {
        throw new NoSuchFileException(path, null, "no such file in the working copy");
      }
      Files.delete(p);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public EntryType typeOf(String path) throws IOException {
    lock.lock();
    try {
      Path p = resolveLexical(path);
      if (p.equals(root)) {
        return EntryType.DIRECTORY;
      }
      checkInside(path, realOfDeepestExisting(p.getParent()));
      return type(p);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Listing list(String path, int depth, int maxEntries) throws IOException {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be at least 1, got " + depth);
    }
    lock.lock();
    try {
      Path dir = resolveExisting(path.isEmpty() ? "." : path);
      if (!Files.isDirectory(dir)) {
        throw new IOException("'" + path + "' is not a directory");
      }
      List<Entry> out = new ArrayList<>();
      int[] omitted = {0};
      walk(dir, depth, maxEntries, out, omitted);
      return new Listing(List.copyOf(out), omitted[0]);
    } finally {
      lock.unlock();
    }
  }

  private void walk(Path dir, int depth, int max, List<Entry> out, int[] omitted)
      throws IOException {
    TreeMap<String, Path> children = new TreeMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path c : ds) {
        children.put(c.getFileName().toString(), c);
      }
    }
    for (Path c : children.values()) {
      BasicFileAttributes a = Files.readAttributes(c, BasicFileAttributes.class, NOFOLLOW);
      EntryType t = typeOf(a);
      if (out.size() >= max) {
        omitted[0]++;
      } else {
        String rel = root.relativize(c).toString();
        String link = t == EntryType.SYMLINK ? Files.readSymbolicLink(c).toString() : null;
        out.add(new Entry(rel, t, t == EntryType.FILE ? a.size() : 0, link));
      }
      if (t == EntryType.DIRECTORY && depth > 1 && !c.getFileName().toString().equals(".git")) {
        walk(c, depth - 1, max, out, omitted);
      }
    }
  }

  // ---- path checks ---------------------------------------------------------------------------

  /** The lexical path inside the root; no file system access. */
  Path resolveLexical(String path) throws PathNotAllowedException {
    if (path == null || path.isEmpty()) {
      throw new PathNotAllowedException("empty path; give a path relative to the working copy");
    }
    if (path.indexOf('\0') >= 0) {
      throw new PathNotAllowedException("path contains a NUL character");
    }
    if (path.startsWith("/")) {
      Path abs = Path.of(path).normalize();
      String hint =
          abs.startsWith(root) && !abs.equals(root) ? " (use '" + root.relativize(abs) + "')" : "";
      throw new PathNotAllowedException(
          "absolute path '"
              + path
              + "' is not allowed; paths are relative to the working copy"
              + hint);
    }
    for (String seg : path.split("/", -1)) {
      if (seg.equals("..")) {
        throw new PathNotAllowedException(
            "'..' is not allowed in paths ('" + path + "'); paths stay inside the working copy");
      }
    }
    return root.resolve(path).normalize();
  }

  /** An existing path whose real path is inside the root; the real path. */
  private Path resolveExisting(String path) throws IOException {
    Path p = resolveLexical(path);
    if (!Files.exists(p, NOFOLLOW)) {
      throw new NoSuchFileException(path, null, "no such file in the working copy");
    }
    Path real;
    try {
      real = p.toRealPath();
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(path, null, "a symbolic link on this path leads nowhere");
    }
    checkInside(path, real);
    return real;
  }

  /** Where a write to {@code path} lands, following symbolic links that stay inside the root. */
  private Path resolveForWrite(String path) throws IOException {
    Path p = resolveLexical(path);
    if (p.equals(root)) {
      throw new PathNotAllowedException("cannot write the working copy itself; name a file");
    }
    for (int hops = 0; Files.isSymbolicLink(p); hops++) {
      if (hops >= MAX_LINK_HOPS) {
        throw new PathNotAllowedException("too many levels of symbolic links at '" + path + "'");
      }
      p = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
      checkInside(path, p);
    }
    Path realParent = realOfDeepestExisting(p.getParent());
    checkInside(path, realParent);
    // The part below the deepest existing ancestor does not exist yet, so has no links.
    Path existing = deepestExisting(p.getParent());
    Path target = realParent.resolve(existing.relativize(p)).normalize();
    checkInside(path, target);
    return target;
  }

  private Path realOfDeepestExisting(Path p) throws IOException {
    Path q = deepestExisting(p);
    try {
      return q.toRealPath();
    } catch (NoSuchFileException e) {
      throw new PathNotAllowedException(
          "a symbolic link on the way to '" + root.relativize(p) + "' leads nowhere");
    }
  }

  /** The deepest ancestor-or-self of {@code p} that exists (a dangling link counts as existing). */
  private Path deepestExisting(Path p) {
    Path q = p;
    while (q != null && !Files.exists(q, NOFOLLOW)) {
      q = q.getParent();
    }
    return q == null ? root : q;
  }

  private void checkInside(String path, Path real) throws PathNotAllowedException {
    if (!real.startsWith(root)) {
      throw new PathNotAllowedException(
          "'" + path + "' leads outside the working copy through a symbolic link; not allowed");
    }
  }

  private static EntryType type(Path p) throws IOException {
    if (!Files.exists(p, NOFOLLOW)) {
      return EntryType.MISSING;
    }
    return typeOf(Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW));
  }

  private static EntryType typeOf(BasicFileAttributes a) {
    if (a.isSymbolicLink()) {
      return EntryType.SYMLINK;
    }
    if (a.isDirectory()) {
      return EntryType.DIRECTORY;
    }
    return a.isRegularFile() ? EntryType.FILE : EntryType.OTHER;
  }
}
