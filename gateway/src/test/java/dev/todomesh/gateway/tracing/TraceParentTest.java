package dev.todomesh.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {

  private static final String VALID = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  @Test
  void validHeaderIsKeptWithState() {
    TraceParent trace = TraceParent.parse(VALID, "vendor=value").orElseThrow();

    assertThat(trace.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(trace.parentId()).isEqualTo("b7ad6b7169203331");
    assertThat(trace.tracestate()).isEqualTo("vendor=value");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "",
        "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "00-00000000000000000000000000000000-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
        "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra"
      })
  void invalidTraceparentIsIgnored(String traceparent) {
    assertThat(TraceParent.parse(traceparent, null)).isEmpty();
  }

  @Test
  void invalidTracestateIsDropped() {
    TraceParent trace = TraceParent.parse(VALID, "vendor=\u00e9").orElseThrow();

    assertThat(trace.tracestate()).isNull();
  }

  @Test
  void addToKeepsExistingTrace() {
    String other = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    Map<String, String> fields = Map.of("todoId", "milk", TraceParent.TRACEPARENT, other);

    Map<String, String> traced = TraceParent.parse(VALID, null).orElseThrow().addTo(fields);

    assertThat(traced).containsEntry(TraceParent.TRACEPARENT, other);
  }

  @Test
  void addToStoresBothFields() {
    Map<String, String> traced =
        TraceParent.parse(VALID, "vendor=value").orElseThrow().addTo(Map.of("todoId", "milk"));

    assertThat(traced)
        .containsEntry("todoId", "milk")
        .containsEntry(TraceParent.TRACEPARENT, VALID)
        .containsEntry(TraceParent.TRACESTATE, "vendor=value");
  }
}
