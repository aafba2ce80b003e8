package dev.arbor.app.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads a {@link JobConfig} from YAML (keys in snake_case). Keys the file leaves out take their
 * value from {@code defaults.yaml} next to this class, so rollout and train can grow new fields
 * without breaking job files; unknown keys are errors. Every error names the file, the key path
 * (e.g. {@code roles.policy.count}) and, where it applies, the allowed keys or values.
 */
public final class JobConfigReader {
  private static final String DEFAULTS = "defaults.yaml";

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private JobConfigReader() {}

  /** Reads and validates a job file. */
  public static JobConfig read(Path file) {
    return read(file, List.of());
  }

  /**
   * Reads a job file with {@code KEY.PATH=VALUE} settings applied over it (the CLI's {@code --set
   * train.scaler=none}); a value is YAML ({@code 3}, {@code 1e-3}, {@code [1, 2]}, {@code flat}).
   */
  public static JobConfig read(Path file, List<String> sets) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new JobConfigException(file + ": cannot read the job config: " + e.getMessage(), e);
    }
    return parse(text, file.toString(), sets);
  }

  /** Parses YAML text; {@code source} names it in errors. */
  public static JobConfig parse(String yaml, String source) {
    return parse(yaml, source, List.of());
  }

  private static JobConfig parse(String yaml, String file, List<String> sets) {
    JsonNode user;
    try {
      user = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new JobConfigException(file + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (user == null || !user.isObject()) {
      throw new JobConfigException(file + ": expected a mapping of keys (job, model, ...)", null);
    }
    for (String set : sets) {
      apply((ObjectNode) user, set);
    }
    String source = sets.isEmpty() ? file : file + " with --set " + String.join(" ", sets);
    ObjectNode merged = defaults();
    merge(merged, (ObjectNode) user);
    try {
      return YAML.treeToValue(merged, JobConfig.class);
    } catch (UnrecognizedPropertyException e) {
      String allowed =
          e.getKnownPropertyIds().stream()
              .map(String::valueOf)
              .map(JobConfigReader::snake)
              .collect(Collectors.toCollection(TreeSet::new))
              .toString();
      throw new JobConfigException(
          source
              + ": unknown key '"
              + path(e, e.getPropertyName())
              + "' (allowed here: "
              + allowed.substring(1, allowed.length() - 1)
              + ")",
          e);
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : null;
      String why = cause != null ? cause.getMessage() : e.getOriginalMessage();
      throw new JobConfigException(source + ": " + path(e, null) + ": " + why, e);
    } catch (JsonProcessingException e) {
      throw new JobConfigException(source + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Sets one {@code KEY.PATH=VALUE} in the job's tree, creating mappings on the way. */
  private static void apply(ObjectNode root, String set) {
    int eq = set.indexOf('=');
    String key = eq < 0 ? "" : set.substring(0, eq).trim();
    if (key.isEmpty() || key.startsWith(".") || key.endsWith(".") || key.contains("..")) {
      throw new JobConfigException(
          "--set " + set + ": expected KEY.PATH=VALUE, e.g. train.scaler=none", null);
    }
    JsonNode value;
    try {
      value = YAML.readTree(set.substring(eq + 1));
    } catch (JsonProcessingException e) {
      throw new JobConfigException(
          "--set " + set + ": the value is not valid YAML: " + e.getOriginalMessage(), e);
    }
    String[] parts = key.split("\\.");
    ObjectNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      if (child == null || child.isNull()) {
        child = node.putObject(parts[i]);
      } else if (!child.isObject()) {
        throw new JobConfigException(
            "--set " + set + ": '" + parts[i] + "' is a value, not a mapping of keys", null);
      }
      node = (ObjectNode) child;
    }
    node.set(parts[parts.length - 1], value == null ? NullNode.getInstance() : value);
  }

  private static ObjectNode defaults() {
    try (InputStream in = JobConfigReader.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing resource " + DEFAULTS + " next to JobConfigReader");
      }
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deep merge: mappings merge key by key, anything else in {@code over} replaces. */
  static void merge(ObjectNode base, ObjectNode over) {
    Iterator<Map.Entry<String, JsonNode>> fields = over.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode old = base.get(f.getKey());
      if (old instanceof ObjectNode o && f.getValue() instanceof ObjectNode n) {
        merge(o, n);
      } else {
        base.set(f.getKey(), f.getValue());
      }
    }
  }

  private static String path(JsonMappingException e, String last) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      String part = r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]";
      if (b.length() > 0 && r.getFieldName() != null) {
        b.append('.');
      }
      b.append(part);
    }
    if (last != null && !b.toString().endsWith(last)) {
      b.append(b.length() > 0 ? "." : "").append(last);
    }
    return b.length() == 0 ? "(top level)" : b.toString();
  }

  private static String snake(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
