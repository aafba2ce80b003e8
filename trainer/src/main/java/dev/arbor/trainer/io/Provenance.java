package dev.arbor.trainer.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where a checkpoint came from, written next to it as {@code arbor.json} (Tribuo-style provenance):
 * the Arbor version, the git commit of the code that wrote it (when known), when, from what (a run
 * name, a source checkpoint, {@code "random init"}), the seed, and free-form string entries (e.g.
 * the training step).
 *
 * <p>The git commit is {@code $ARBOR_GIT_COMMIT} when set (for clusters that ship jars without a
 * repository), else {@code git rev-parse HEAD} of the checkout this code was loaded from (the
 * folder of its classes or jar, not the working directory), with {@code -dirty} appended when
 * tracked files differ from it; absent when neither works. It is looked up once per JVM.
 *
 * @param arborVersion Arbor's version ({@code 0.1.0-SNAPSHOT}), or {@code unknown}
 * @param gitCommit commit of the code, if known
 * @param created when the checkpoint was written
 * @param source what the weights came from, if stated
 * @param seed the seed of the run or the initialisation, if any
 * @param extra further entries, sorted by key
 */
public record Provenance(
    String arborVersion,
    Optional<String> gitCommit,
    Instant created,
    Optional<String> source,
    OptionalLong seed,
    Map<String, String> extra) {

  /** File name in a checkpoint folder. */
  public static final String FILE = "arbor.json";

  public Provenance {
    extra = Map.copyOf(new TreeMap<>(extra));
  }

  /** Provenance of something written now by this JVM. */
  public static Provenance now(
      Optional<String> source, OptionalLong seed, Map<String, String> extra) {
    return new Provenance(
        arborVersionOfThisBuild(), Git.COMMIT, Instant.now(), source, seed, extra);
  }

  /** The Arbor version this code was built as, or {@code unknown}. */
  public static String arborVersionOfThisBuild() {
    try (InputStream in = Provenance.class.getResourceAsStream("arbor-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** This provenance as the JSON object of {@code arbor.json}, without checkpoint facts. */
  ObjectNode toJson(ObjectMapper json) {
    ObjectNode n = json.createObjectNode();
    n.put("arbor_version", arborVersion);
    gitCommit.ifPresent(c -> n.put("git_commit", c));
    n.put("created", created.toString());
    source.ifPresent(s -> n.put("source", s));
    seed.ifPresent(s -> n.put("seed", s));
    if (!extra.isEmpty()) {
      ObjectNode e = n.putObject("extra");
      extra.forEach(e::put);
    }
    return n;
  }

  /**
   * Reads {@code dir/arbor.json}; empty when the folder has none (e.g. a checkpoint from the Hub).
   *
   * @throws IOException naming the file and field when it exists but is malformed
   */
  public static Optional<Provenance> read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode n = new ObjectMapper().readTree(file.toFile());
      Map<String, String> extra = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.path("extra").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        extra.put(e.getKey(), e.getValue().asText());
      }
      return Optional.of(
          new Provenance(
              n.path("arbor_version").asText("unknown"),
              text(n, "git_commit"),
              Instant.parse(n.path("created").asText()),
              text(n, "source"),
              n.path("seed").canConvertToLong()
                  ? OptionalLong.of(n.get("seed").asLong())
                  : OptionalLong.empty(),
              extra));
    } catch (DateTimeParseException e) {
      throw new IOException(file + ": field 'created' is not an ISO-8601 instant", e);
    } catch (IOException e) {
      throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  private static Optional<String> text(JsonNode n, String field) {
    return n.hasNonNull(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
  }

  /** The commit, computed on first use (a holder class: immutable once initialised). */
  private static final class Git {
    static final Optional<String> COMMIT = lookUp();

    private static Optional<String> lookUp() {
      String env = System.getenv("ARBOR_GIT_COMMIT");
      if (env != null && !env.isBlank()) {
        return Optional.of(env.strip());
      }
      Optional<Path> code = codeLocation();
      if (code.isEmpty()) {
        return Optional.empty();
      }
      String at = code.get().toString();
      Optional<String> head = run("git", "-C", at, "rev-parse", "--verify", "HEAD");
      if (head.isEmpty() || !head.get().matches("[0-9a-f]{40,64}")) {
        return Optional.empty();
      }
      // diff-index exits 1 when tracked files differ from HEAD.
      boolean dirty = run("git", "-C", at, "diff-index", "--quiet", "HEAD", "--").isEmpty();
      return Optional.of(head.get() + (dirty ? "-dirty" : ""));
    }

    /** The folder holding this class's classes folder or jar. */
    private static Optional<Path> codeLocation() {
      try {
        Path p =
            Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return Optional.ofNullable(Files.isDirectory(p) ? p : p.getParent());
      } catch (RuntimeException | URISyntaxException e) {
        return Optional.empty();
      }
    }

    /** Standard output of a command that exits 0 within 5 s; empty otherwise. */
    private static Optional<String> run(String... command) {
      try {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        p.getOutputStream().close();
        p.getErrorStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return Optional.empty();
        }
        return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
      } catch (IOException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }
}
