package dev.arbor.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.proto.v1.ToolCall;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolCallFormatTest {

  @Test
  void rendersTheAgreedFormatExactly() {
    assertThat(ToolCallFormat.renderCall("calc", Map.of("expr", "12*7")))
        .isEqualTo(
            "<tool_call>{\"name\": \"calc\", \"arguments\": {\"expr\": \"12*7\"}}</tool_call>");
    assertThat(ToolCallFormat.renderCall("submit", Map.of()))
        .isEqualTo("<tool_call>{\"name\": \"submit\", \"arguments\": {}}</tool_call>");
  }

  @Test
  void argumentsKeepTheirOrderAndAreEscapedAsJson() {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("path", "a \"b\".py");
    args.put("content", "line1\r\nline2\ttab \\ 🚀 </tool_call>");
    assertThat(ToolCallFormat.renderCall("write_file", args))
        .isEqualTo(
            "<tool_call>{\"name\": \"write_file\", \"arguments\": {\"path\": \"a \\\"b\\\".py\","
                + " \"content\": \"line1\\r\\nline2\\ttab \\\\ 🚀 <\\/tool_call>\"}}</tool_call>");
  }

  @Test
  void protobufCallsCarryTheirRawText() {
    ToolCall c = ToolCallFormat.call("call-1", "read_file", "path", "x.py");
    assertThat(c.getCallId()).isEqualTo("call-1");
    assertThat(c.getArgumentsMap()).containsEntry("path", "x.py");
    assertThat(c.getRawText())
        .isEqualTo(
            "<tool_call>{\"name\": \"read_file\", \"arguments\": {\"path\": \"x.py\"}}</tool_call>");
  }
}
