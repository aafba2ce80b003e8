package dev.arbor.app.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON forms of the run folder's records, shared by the writer ({@link RunFolder}) and the
 * readers (status page, plots), so both sides agree on one format.
 */
public final class RunJson {
  /** One mapper for the run folder's files; thread-safe once configured. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private RunJson() {}

  /** One {@code metrics.jsonl} line (no newline); non-finite values are left out. */
  public static String metricLine(MetricEvent e) {
    return metricNode(e).toString();
  }

  /** The JSON object of {@link #metricLine}. */
  public static ObjectNode metricNode(MetricEvent e) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("t", e.t());
    node.put("phase", e.phase());
    node.put("step", e.step());
    e.values()
        .forEach(
            (k, v) -> {
              if (v != null && Double.isFinite(v)) {
                node.put(k, v);
              }
            });
    return node;
  }

  /**
   * Parses one {@code metrics.jsonl} line. Accepts the trainer's {@code MetricsFileListener} lines
   * too (no {@code t}, no {@code phase}). Non-numeric fields are ignored.
   *
   * @throws IllegalArgumentException when the line is not a JSON object with an integral {@code
   *     step}
   */
  public static MetricEvent parseMetricLine(String line) {
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode step = node.get("step");
    if (step == null || !step.canConvertToExactIntegral()) {
      throw new IllegalArgumentException("no integral 'step' field");
    }
    JsonNode t = node.get("t");
    JsonNode phase = node.get("phase");
    Map<String, Double> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String key = f.getKey();
      if (!key.equals("t") && !key.equals("phase") && !key.equals("step")) {
        if (f.getValue().isNumber()) {
          values.put(key, f.getValue().doubleValue());
        }
      }
    }
    return new MetricEvent(
        t != null && t.isNumber() ? t.doubleValue() : 0,
        phase != null && phase.isTextual() && !phase.asText().isBlank()
            ? phase.asText()
            : MetricEvent.DEFAULT_PHASE,
        step.asLong(),
        values);
  }

  /** Compact JSON of any record or collection of the run folder. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }
}
