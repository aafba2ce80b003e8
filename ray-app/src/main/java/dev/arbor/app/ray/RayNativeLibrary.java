package dev.arbor.app.ray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Cleans up after Ray's Java driver, which on every {@code Ray.init()} extracts its native core
 * worker library (about 41 MB) into a new folder {@code <java.io.tmpdir>/ray/<nanoTime>/} and never
 * deletes it. The folder is found through {@code /proc/self/maps} (Linux), where the loaded library
 * is listed; deleting it after {@code Ray.shutdown()} is safe because the mapping stays valid.
 */
public final class RayNativeLibrary {

  static final String LIBRARY = "libcore_worker_library_java.so";

  /** Empty file Ray creates next to the library while extracting it. */
  static final String LOCK_FILE = "file_lock";

  private static final Pattern EXTRACTION_DIR = Pattern.compile("[0-9]+");

  private RayNativeLibrary() {}

  /** The driver's extracted copy of Ray's native library, if this JVM loaded one. */
  public static Optional<Path> loadedCopy() {
    Path maps = Paths.get("/proc/self/maps");
    if (!Files.isReadable(maps)) {
      return Optional.empty();
    }
    try {
      return findExtractedCopy(Files.readAllLines(maps));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The library path among the lines of a {@code /proc/<pid>/maps} file, if it lies in a folder of
   * the shape Ray's extraction uses ({@code .../ray/<digits>/}); copies elsewhere (e.g. in a Ray
   * session folder) belong to Ray and are left alone.
   */
  static Optional<Path> findExtractedCopy(List<String> mapsLines) {
    return mapsLines.stream()
        .map(line -> line.indexOf('/') < 0 ? "" : line.substring(line.indexOf('/')).trim())
        .filter(path -> path.endsWith("/" + LIBRARY))
        .map(Paths::get)
        .filter(RayNativeLibrary::isExtractionFolderCopy)
        .findFirst();
  }

  private static boolean isExtractionFolderCopy(Path library) {
    Path dir = library.getParent();
    Path parent = dir == null ? null : dir.getParent();
    return parent != null
        && EXTRACTION_DIR.matcher(dir.getFileName().toString()).matches()
        && parent.getFileName() != null
        && parent.getFileName().toString().equals("ray");
  }

  /**
   * Deletes the driver's extracted library, Ray's lock file next to it, and the folder if nothing
   * else is in it. Call after {@code Ray.shutdown()}. Returns whether the library file is gone.
   */
  public static boolean deleteLoadedCopy() {
    Optional<Path> library = loadedCopy();
    if (library.isEmpty()) {
      return false;
    }
    try {
      Files.deleteIfExists(library.get());
      Files.deleteIfExists(library.get().resolveSibling(LOCK_FILE));
      try (var rest = Files.list(library.get().getParent())) {
        if (rest.findAny().isEmpty()) {
          Files.deleteIfExists(library.get().getParent());
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
