package dev.todomesh.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.todomesh.workflows.CommandType;
import dev.todomesh.workflows.StreamPosition;
import dev.todomesh.workflows.TodoCommand;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenTelemetrySignalTracingTest {

  private static final String TRACE_A = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN_A = "b7ad6b7169203331";
  private static final String TRACE_B = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_B = "00f067aa0ba902b7";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final OpenTelemetrySignalTracing tracing =
      new OpenTelemetrySignalTracing(provider.get("test"));

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void spanIsChildOfFirstCommand() {
    tracing.trace("milk", List.of(command("1-0", TRACE_A, SPAN_A)), () -> {});

    SpanData span = onlySpan();
    assertThat(span.getTraceId()).isEqualTo(TRACE_A);
    assertThat(span.getParentSpanId()).isEqualTo(SPAN_A);
    assertThat(span.getAttributes().get(OpenTelemetrySignalTracing.TODO_ID)).isEqualTo("milk");
  }

  @Test
  void batchSpanLinksOtherCommands() {
    tracing.trace(
        "milk",
        List.of(
            command("1-0", TRACE_A, SPAN_A),
            command("2-0", TRACE_B, SPAN_B),
            command("3-0", null, null)),
        () -> {});

    SpanData span = onlySpan();
    assertThat(span.getParentSpanId()).isEqualTo(SPAN_A);
    assertThat(span.getLinks())
        .extracting(LinkData::getSpanContext)
        .extracting(SpanContext::getTraceId, SpanContext::getSpanId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(TRACE_B, SPAN_B));
    assertThat(span.getAttributes().get(OpenTelemetrySignalTracing.COMMANDS)).isEqualTo(3L);
  }

  @Test
  void commandWithoutTraceStartsNewTrace() {
    tracing.trace("milk", List.of(command("1-0", null, null)), () -> {});

    SpanData span = onlySpan();
    assertThat(span.getParentSpanContext().isValid()).isFalse();
    assertThat(span.getTraceId()).isNotEqualTo(TRACE_A);
  }

  @Test
  void spanIsCurrentDuringSignal() {
    AtomicReference<SpanContext> current = new AtomicReference<>();

    tracing.trace(
        "milk",
        List.of(command("1-0", TRACE_A, SPAN_A)),
        () -> current.set(Span.current().getSpanContext()));

    assertThat(current.get().getSpanId()).isEqualTo(onlySpan().getSpanId());
  }

  @Test
  void failedSignalMarksSpanAsError() {
    assertThatThrownBy(
            () ->
                tracing.trace(
                    "milk",
                    List.of(command("1-0", TRACE_A, SPAN_A)),
                    () -> {
                      throw new IllegalStateException("signal failed in test");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(onlySpan().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  private SpanData onlySpan() {
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  private static TodoCommand command(String entryId, String traceId, String spanId) {
    String traceparent = traceId == null ? null : "00-" + traceId + "-" + spanId + "-01";
    return new TodoCommand(
        "command-" + entryId,
        "milk",
        CommandType.UPSERT,
        "buy milk",
        false,
        Instant.parse("2026-01-01T00:00:00Z"),
        new StreamPosition(0, entryId, traceparent));
  }
}
