package dev.arbor.tasks.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * File access to a sandbox's working copy, for the file tools and patches. Every path is relative
 * to the working copy, uses {@code /} as separator, and must stay inside it: absolute paths, {@code
 * ..} segments and symbolic links that lead out are refused with a {@link PathNotAllowedException}
 * whose message a model can act on.
 */
public interface Workspace {

  /** Largest file {@link #read} returns. */
  long MAX_READ_BYTES = 64L << 20;

  /** The working copy's real path on the host. */
  Path root();

  /** The bytes of a file. */
  byte[] read(String path) throws IOException;

  /**
   * Writes a file, creating missing parent folders. An existing file is replaced as a whole (write
   * to a temporary file, then rename), keeping its permissions; a symbolic link inside the working
   * copy is written through.
   */
  void write(String path, byte[] content) throws IOException;

  /** Deletes a file (or an empty folder, or a symbolic link itself). */
  void delete(String path) throws IOException;

  /** The kind of what is at {@code path}, without following a final symbolic link. */
  EntryType typeOf(String path) throws IOException;

  /**
   * Entries under a folder, depth first in name order, at most {@code maxEntries}; does not descend
   * into symbolic links or {@code .git}.
   *
   * @param depth 1 lists the folder's own entries, 2 also those of its subfolders, ...
   */
  Listing list(String path, int depth, int maxEntries) throws IOException;

  /** What a path names. */
  enum EntryType {
    MISSING,
    FILE,
    DIRECTORY,
    SYMLINK,
    OTHER
  }

  /**
   * One entry of a listing.
   *
   * @param path relative to the working copy
   * @param size bytes, for files
   * @param linkTarget target of a symbolic link as stored, else null
   */
  record Entry(String path, EntryType type, long size, String linkTarget) {}

  /**
   * A listing.
   *
   * @param omitted entries beyond {@code maxEntries} that were counted but not returned
   */
  record Listing(List<Entry> entries, int omitted) {}
}
