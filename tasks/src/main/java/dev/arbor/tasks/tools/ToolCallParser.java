package dev.arbor.tasks.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.arbor.proto.v1.ToolCall;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the tool calls out of a model's turn (format in the package documentation). Never throws on
 * model text: a block that cannot be read becomes a {@link ToolCall} with an empty {@code
 * tool_name}, its text as {@code raw_text}, and the reason under the argument {@value
 * #ERROR_ARGUMENT}; {@link ToolRegistry#call} answers it with an ERROR result carrying the reason.
 *
 * <p>The JSON inside a block is read by a JSON parser, not by searching for the closing tag, so a
 * {@code </tool_call>} inside a JSON string (e.g. in a file's content) does not end the block.
 */
public final class ToolCallParser {
  public static final String OPEN = "<tool_call>";
  public static final String CLOSE = "</tool_call>";

  /** Argument that carries the parse error of a malformed call (whose tool name is empty). */
  public static final String ERROR_ARGUMENT = "error";

  /** Calls read per turn; further blocks become error results. */
  public static final int MAX_CALLS = 32;

  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private ToolCallParser() {}

  /**
   * The calls of one turn, in order. Ids are {@code idPrefix + "-" + index}.
   *
   * @param idPrefix e.g. the trajectory id and turn number, to make ids unique in a trajectory
   */
  public static List<ToolCall> parse(String text, String idPrefix) {
    List<ToolCall> out = new ArrayList<>();
    int i = 0;
    while (true) {
      int open = text.indexOf(OPEN, i);
      int strayClose = text.indexOf(CLOSE, i);
      if (strayClose >= 0 && (open < 0 || strayClose < open)) {
        String raw = text.substring(i, strayClose + CLOSE.length()).strip();
        out.add(
            error(
                idPrefix,
                out.size(),
                raw,
                "found " + CLOSE + " without a matching " + OPEN + " before it"));
        i = strayClose + CLOSE.length();
        continue;
      }
      if (open < 0) {
        return out;
      }
      Block b = block(text, open);
      int index = out.size();
      if (index >= MAX_CALLS) {
        out.add(
            error(idPrefix, index, b.raw, "more than " + MAX_CALLS + " tool calls in one turn"));
      } else if (b.error != null) {
        out.add(error(idPrefix, index, b.raw, b.error));
      } else {
        out.add(
            ToolCall.newBuilder()
                .setCallId(idPrefix + "-" + index)
                .setToolName(b.name)
                .putAllArguments(b.arguments)
                .setRawText(b.raw)
                .build());
      }
      i = b.end;
    }
  }

  /** One block from {@code open}: its end, raw text, and call or error. */
  private static Block block(String text, int open) {
    int jsonStart = open + OPEN.length();
    Block b = new Block();
    int end;
    try (JsonParser p = JSON.createParser(new StringReader(text.substring(jsonStart)))) {
      p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      JsonToken t = p.nextToken();
      if (t == null) {
        return b.fail(
            text,
            open,
            nextClose(text, jsonStart),
            "empty " + OPEN + " block; expected a JSON object");
      }
      if (t != JsonToken.START_OBJECT) {
        return b.fail(
            text,
            open,
            nextClose(text, jsonStart),
            "the content of " + OPEN + " must be a JSON object like " + EXAMPLE);
      }
      String problem = readCall(p, b);
      end = jsonStart + (int) p.currentLocation().getCharOffset();
      if (problem != null) {
        return b.fail(text, open, nextClose(text, end), problem);
      }
    } catch (JsonParseException e) {
      String msg = e.getOriginalMessage().replaceAll("\\s+", " ");
      return b.fail(
          text,
          open,
          nextClose(text, jsonStart),
          String.format(
              "invalid JSON in tool call (line %d, column %d of the block): %s. Expected %s",
              e.getLocation().getLineNr(), e.getLocation().getColumnNr(), msg, EXAMPLE));
    } catch (IOException e) {
      return b.fail(
          text, open, nextClose(text, jsonStart), "unreadable tool call: " + e.getMessage());
    }
    int k = end;
    while (k < text.length() && Character.isWhitespace(text.charAt(k))) {
      k++;
    }
    if (!text.startsWith(CLOSE, k)) {
      String found = k >= text.length() ? "the end of the text" : "'" + snippet(text, k) + "'";
      return b.fail(
          text,
          open,
          nextClose(text, end),
          "expected " + CLOSE + " after the JSON object, found " + found);
    }
    b.end = k + CLOSE.length();
    b.raw = text.substring(open, b.end);
    return b;
  }

  private static final String EXAMPLE = "{\"name\": \"run\", \"arguments\": {\"cmd\": \"ls\"}}";

  /** Reads {"name": ..., "arguments": {...}}; null if fine, else what is wrong. */
  private static String readCall(JsonParser p, Block b) throws IOException {
    String name = null;
    Map<String, String> args = null;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String key = p.currentName();
      JsonToken v = p.nextToken();
      switch (key) {
        case "name" -> {
          if (v != JsonToken.VALUE_STRING || p.getText().isBlank()) {
            return "\"name\" must be a non-empty string, the tool's name";
          }
          name = p.getText();
        }
        case "arguments" -> {
          if (v != JsonToken.START_OBJECT) {
            return "\"arguments\" must be a JSON object of argument names to values, e.g. {\"cmd\": \"ls\"}";
          }
          args = new LinkedHashMap<>();
          for (JsonToken a = p.nextToken(); a != JsonToken.END_OBJECT; a = p.nextToken()) {
            String arg = p.currentName();
            JsonToken av = p.nextToken();
            if (av == JsonToken.VALUE_STRING) {
              args.put(arg, p.getText());
            } else if (av == JsonToken.VALUE_NUMBER_INT
                || av == JsonToken.VALUE_NUMBER_FLOAT
                || av == JsonToken.VALUE_TRUE
                || av == JsonToken.VALUE_FALSE) {
              args.put(arg, p.getText());
            } else {
              p.skipChildren();
              return "argument \""
                  + arg
                  + "\" must be a string (or a number or boolean), not "
                  + describe(av);
            }
          }
        }
        default -> {
          p.skipChildren();
          return "unknown key \"" + key + "\"; a tool call has exactly \"name\" and \"arguments\"";
        }
      }
    }
    if (name == null) {
      return "missing \"name\": expected " + EXAMPLE;
    }
    if (args == null) {
      return "missing \"arguments\" (use {} for none): expected " + EXAMPLE;
    }
    b.name = name;
    b.arguments = args;
    return null;
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_NULL -> "null";
      default -> t.toString();
    };
  }

  private static ToolCall error(String idPrefix, int index, String raw, String message) {
    return ToolCall.newBuilder()
        .setCallId(idPrefix + "-" + index)
        .setToolName("")
        .putArguments(ERROR_ARGUMENT, "malformed tool call: " + message)
        .setRawText(raw)
        .build();
  }

  /** Index after the next closing tag from {@code from}, or the end of the text. */
  private static int nextClose(String text, int from) {
    int c = text.indexOf(CLOSE, from);
    int nextOpen = text.indexOf(OPEN, from);
    if (c < 0 || (nextOpen >= 0 && nextOpen < c)) {
      // No close before the next block: this block ends where the next begins.
      return nextOpen >= 0 ? nextOpen : text.length();
    }
    return c + CLOSE.length();
  }

  private static String snippet(String text, int at) {
    String s = text.substring(at, Math.min(text.length(), at + 30)).replace("\n", "\\n");
    return s;
  }

  private static final class Block {
    String name;
    Map<String, String> arguments;
    String raw;
    String error;
    int end;

    Block fail(String text, int open, int end, String message) {
      this.error = message;
      this.end = Math.max(end, open + OPEN.length());
      this.raw = text.substring(open, this.end);
      return this;
    }
  }
}
