package dev.arbor.tasks.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.proto.v1.ToolCall;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ToolCallParserTest {

  private static List<ToolCall> parse(String text) {
    return ToolCallParser.parse(text, "t1");
  }

  private static String error(ToolCall c) {
    assertThat(c.getToolName()).as("a malformed call has no tool name").isEmpty();
    return c.getArgumentsOrThrow(ToolCallParser.ERROR_ARGUMENT);
  }

  @Test
  void readsSeveralCallsWithProseAround() {
    String text =
        "I will look first.\n<tool_call>{\"name\": \"run\", \"arguments\": {\"cmd\": \"ls -la\"}}</tool_call>\n"
            + "and\n<tool_call>\n  {\"name\": \"read_file\", \"arguments\": {\"path\": \"a.py\", \"start_line\": 3}}\n</tool_call>"
            + " done.";
    List<ToolCall> calls = parse(text);
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).getCallId()).isEqualTo("t1-0");
    assertThat(calls.get(0).getToolName()).isEqualTo("run");
    assertThat(calls.get(0).getArgumentsMap()).isEqualTo(Map.of("cmd", "ls -la"));
    assertThat(calls.get(0).getRawText()).startsWith("<tool_call>{").endsWith("}</tool_call>");
    assertThat(calls.get(1).getArgumentsMap()).isEqualTo(Map.of("path", "a.py", "start_line", "3"));
    assertThat(parse("no calls here")).isEmpty();
  }

  @Test
  void aClosingTagInsideAStringDoesNotEndTheBlock() {
    String text =
        "<tool_call>{\"name\": \"write_file\", \"arguments\": {\"path\": \"doc.md\", \"content\":"
            + " \"use </tool_call> to end\\nline 2 ✓ 🚀\"}}</tool_call>";
    List<ToolCall> calls = parse(text);
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).getArgumentsMap().get("content"))
        .isEqualTo("use </tool_call> to end\nline 2 ✓ 🚀");
  }

  @Test
  void malformedBlocksBecomeErrorsAndParsingGoesOn() {
    String text =
        "<tool_call>{\"name\": \"run\", \"arguments\": {\"cmd\": \"ls\",}}</tool_call>"
            + "<tool_call>{\"name\": \"run\"}</tool_call>"
            + "<tool_call>{\"name\": \"run\", \"arguments\": {\"cmd\": null}}</tool_call>"
            + "<tool_call>{\"name\": \"run\", \"args\": {}}</tool_call>"
            + "<tool_call>[\"run\"]</tool_call>"
            + "<tool_call>{\"name\": \"run\", \"name\": \"x\", \"arguments\": {}}</tool_call>"
            + "<tool_call>{\"name\": \"run\", \"arguments\": {\"cmd\": \"a\nb\"}}</tool_call>"
            + "<tool_call>{\"name\": \"run\", \"arguments\": {}} trailing</tool_call>"
            + "</tool_call>"
            + "<tool_call>{\"name\": \"submit\", \"arguments\": {}}</tool_call>"
            + "<tool_call>{\"name\": \"run\", \"arguments\": {\"cmd\": \"ls\"}}";
    List<ToolCall> calls = parse(text);
    assertThat(calls).hasSize(11);
    assertThat(error(calls.get(0))).contains("invalid JSON").contains("column");
    assertThat(error(calls.get(1))).contains("missing \"arguments\"");
    assertThat(error(calls.get(2))).contains("argument \"cmd\" must be a string").contains("null");
    assertThat(error(calls.get(3))).contains("unknown key \"args\"");
    assertThat(error(calls.get(4))).contains("must be a JSON object");
    assertThat(error(calls.get(5))).contains("Duplicate field 'name'");
    assertThat(error(calls.get(6))).contains("invalid JSON").contains("CTRL-CHAR");
    assertThat(error(calls.get(7))).contains("expected </tool_call> after the JSON object");
    assertThat(error(calls.get(8))).contains("without a matching <tool_call>");
    assertThat(calls.get(9).getToolName()).isEqualTo("submit");
    assertThat(error(calls.get(10))).contains("found the end of the text");
    assertThat(calls).extracting(ToolCall::getCallId).doesNotHaveDuplicates();
  }

  @Test
  void tooManyCallsInOneTurn() {
    String one = "<tool_call>{\"name\": \"submit\", \"arguments\": {}}</tool_call>";
    List<ToolCall> calls = parse(one.repeat(ToolCallParser.MAX_CALLS + 2));
    assertThat(calls).hasSize(ToolCallParser.MAX_CALLS + 2);
    assertThat(error(calls.get(ToolCallParser.MAX_CALLS))).contains("more than 32 tool calls");
  }

  /** Whatever the text, parsing does not throw, and every call has an id and raw text. */
  @Property(tries = 500)
  void neverThrows(@ForAll String noise) {
    for (String text :
        new String[] {
          noise,
          "<tool_call>" + noise,
          noise + "</tool_call>" + noise,
          "<tool_call>{\"name\": \"run\", \"arguments\": {\"cmd\": \"" + noise + "\"}}</tool_call>",
          "<tool_call>{" + noise + "}</tool_call><tool_call>" + noise + "</tool_call>"
        }) {
      for (ToolCall c : parse(text)) {
        assertThat(c.getCallId()).startsWith("t1-");
        assertThat(c.getRawText()).isNotEmpty();
      }
    }
  }

  @Test
  void valuesRoundTripThroughJsonEscaping() {
    String value = "line1\nline2\t\"quoted\" \\ back </tool_call> \u0001 é 🚀";
    String quoted =
        new String(
            com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(value));
    List<ToolCall> calls =
        parse(
            "<tool_call>{\"name\": \"run\", \"arguments\": {\"cmd\": \""
                + quoted
                + "\"}}</tool_call>");
    assertThat(calls.get(0).getArgumentsMap().get("cmd")).isEqualTo(value);
  }
}
