package dev.arbor.tasks.teacher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbor.tree.Role;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes teacher trajectories as JSON Lines, one trajectory per line, stored next to the
 * tasks ({@value #FILE_NAME} in a task set or suite folder):
 *
 * <pre>{@code
 * {"task_id": "arith-L1-train-00000", "suite": "arithmetic-tools", "origin": "generated",
 *  "segments": [
 *    {"role": "PROMPT", "text": "Ana has 3 apples. ..."},
 *    {"role": "MODEL", "text": "Ana gets 4 more apples: 3+4."},
 *    {"role": "TOOL_CALL", "text": "<tool_call>...</tool_call>",
 *     "calls": [{"id": "call-1", "name": "calc", "arguments": {"expr": "3+4"}}]},
 *    {"role": "TOOL_RESULT", "text": "<tool_result name=\"calc\" status=\"ok\">\n7\n</tool_result>"}, ...]}
 * }</pre>
 *
 * <p>Why JSON Lines and not protobuf: teacher episodes are text (tokenised later, by whichever
 * tokenizer the run uses), people read and diff them, and {@code arbor.v1.TrajectoryMeta} has no
 * place for segment texts. Reading is strict: unknown keys, unknown roles and a TOOL_CALL text that
 * differs from its rendered calls are errors naming the file, line and field.
 */
public final class TeacherStore {
  public static final String FILE_NAME = "teacher.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> KEYS = Set.of("task_id", "suite", "origin", "segments");
  private static final Set<String> SEGMENT_KEYS = Set.of("role", "text", "calls");
  private static final Set<String> CALL_KEYS = Set.of("id", "name", "arguments");

  private TeacherStore() {}

  /** Writes {@code trajectories} to {@code file}, one per line, replacing it. */
  public static void write(Path file, List<TeacherTrajectory> trajectories) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (TeacherTrajectory t : trajectories) {
        w.write(JSON.writeValueAsString(toJson(t)));
        w.write('\n');
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Reads every trajectory of {@code file}, in order. */
  public static List<TeacherTrajectory> read(Path file) throws IOException {
    List<TeacherTrajectory> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String where = file + ":" + (i + 1) + ": ";
      try {
        out.add(fromJson(JSON.readTree(lines.get(i))));
      } catch (JsonProcessingException e) {
        throw new IOException(where + "not valid JSON: " + e.getOriginalMessage(), e);
      } catch (IllegalArgumentException e) {
        throw new IOException(where + e.getMessage(), e);
      }
    }
    return out;
  }

  /** The trajectories of {@code file} by task id (a task with several keeps the first). */
  public static Map<String, TeacherTrajectory> readByTask(Path file) throws IOException {
    Map<String, TeacherTrajectory> out = new LinkedHashMap<>();
    read(file).forEach(t -> out.putIfAbsent(t.taskId(), t));
    return out;
  }

  static ObjectNode toJson(TeacherTrajectory t) {
    ObjectNode o = JSON.createObjectNode();
    o.put("task_id", t.taskId()).put("suite", t.suite()).put("origin", t.origin());
    ArrayNode segments = o.putArray("segments");
    for (TextSegment s : t.segments()) {
      ObjectNode so = segments.addObject().put("role", s.role().name()).put("text", s.text());
      if (!s.calls().isEmpty()) {
        ArrayNode calls = so.putArray("calls");
        for (TeacherCall c : s.calls()) {
          ObjectNode co = calls.addObject().put("id", c.id()).put("name", c.name());
          ObjectNode args = co.putObject("arguments");
          c.arguments().forEach(args::put);
        }
      }
    }
    return o;
  }

  static TeacherTrajectory fromJson(JsonNode o) {
    checkKeys(o, KEYS, "");
    JsonNode segments = o.get("segments");
    if (segments == null || !segments.isArray()) {
      throw new IllegalArgumentException("field 'segments' must be a list");
    }
    List<TextSegment> out = new ArrayList<>();
    for (int i = 0; i < segments.size(); i++) {
      String at = "segments[" + i + "].";
      JsonNode s = segments.get(i);
      checkKeys(s, SEGMENT_KEYS, at);
      Role role;
      try {
        role = Role.valueOf(text(s, "role", at));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "field '" + at + "role' is not a Role: " + s.get("role"));
      }
      List<TeacherCall> calls = new ArrayList<>();
      JsonNode cs = s.get("calls");
      if (cs != null) {
        if (!cs.isArray()) {
          throw new IllegalArgumentException("field '" + at + "calls' must be a list");
        }
        for (int j = 0; j < cs.size(); j++) {
          calls.add(call(cs.get(j), at + "calls[" + j + "]."));
        }
      }
      try {
        out.add(new TextSegment(role, text(s, "text", at), calls));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            at.substring(0, at.length() - 1) + ": " + e.getMessage());
      }
    }
    return new TeacherTrajectory(
        text(o, "task_id", ""), text(o, "suite", ""), text(o, "origin", ""), out);
  }

  private static TeacherCall call(JsonNode c, String at) {
    checkKeys(c, CALL_KEYS, at);
    JsonNode args = c.get("arguments");
    if (args == null || !args.isObject()) {
      throw new IllegalArgumentException("field '" + at + "arguments' must be an object");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = args.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new IllegalArgumentException(
            "field '" + at + "arguments." + e.getKey() + "' must be a string");
      }
      map.put(e.getKey(), e.getValue().asText());
    }
    return new TeacherCall(text(c, "id", at), text(c, "name", at), map);
  }

  private static String text(JsonNode o, String key, String at) {
    JsonNode v = o.get(key);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("field '" + at + key + "' must be a string");
    }
    return v.asText();
  }

  private static void checkKeys(JsonNode o, Set<String> known, String at) {
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException(
          "'" + (at.isEmpty() ? "line" : at) + "' must be an object");
    }
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        throw new IllegalArgumentException("unknown field '" + at + k + "'");
      }
    }
  }
}
