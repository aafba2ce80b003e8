package dev.arbor.app.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
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
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new JobConfigException(file + ": cannot read the job config: " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /** Parses YAML text; {@code source} names it in errors. */
  public static JobConfig parse(String yaml, String source) {
    JsonNode user;
    try {
      user = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new JobConfigException(source + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (user == null || !user.isObject()) {
      throw new JobConfigException(source + ": expected a mapping of keys (job, model, ...)", null);
    }
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
