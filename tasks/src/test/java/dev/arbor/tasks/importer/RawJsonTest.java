package dev.arbor.tasks.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawJsonTest {

  @Test
  void numbersKeepTheirSourceText() throws Exception {
    Object v = RawJson.parse("{\"a\": 0.20, \"b\": 1e3, \"c\": -0, \"d\": [1.50], \"e\": null}");
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    assertThat(m.get("a")).isEqualTo(new RawJson.Num("0.20"));
    assertThat(m.get("b")).isEqualTo(new RawJson.Num("1e3"));
    assertThat(m.get("c")).isEqualTo(new RawJson.Num("-0"));
    assertThat(m.get("d")).isEqualTo(List.of(new RawJson.Num("1.50")));
    assertThat(m.get("e")).isSameAs(RawJson.NULL);
    assertThat(m.keySet()).containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  void malformedInputSaysWhereAndWhat() {
    assertThatThrownBy(() -> RawJson.parse("")).hasMessageContaining("no JSON value");
    assertThatThrownBy(() -> RawJson.parse("{\"a\": }")).hasMessageContaining("column");
    assertThatThrownBy(() -> RawJson.parse("{\"a\": 1, \"a\": 2}"))
        .hasMessageContaining("key 'a' appears twice");
    assertThatThrownBy(() -> RawJson.parse("{} {}")).hasMessageContaining("after the JSON value");
    assertThatThrownBy(() -> RawJson.parse("{} x")).hasMessageContaining("after the JSON value");
  }
}
