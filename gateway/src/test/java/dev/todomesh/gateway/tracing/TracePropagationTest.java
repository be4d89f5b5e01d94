package dev.todomesh.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todomesh.gateway.api.CommandAccepted;
import dev.todomesh.gateway.kafka.KafkaServer;
import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.gateway.support.CommandEntries;
import dev.todomesh.gateway.support.EmbeddedPorts;
import dev.todomesh.gateway.support.InMemorySpanExport;
import dev.todomesh.gateway.support.KafkaTestProducers;
import dev.todomesh.gateway.support.TestHttp;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With tracing on, one command is one trace from the HTTP request or Kafka record through the
 * stream entry and the pump's signal into the workflow and its activities. The whole
 * application runs with embedded Redis and Temporal, and spans go to an in-memory exporter.
 *
 * <p>NOTE: the Java test server drops the header of the signal in {@code signalWithStart}, so
 * there the workflow's {@code HandleSignal} span starts a trace of its own. A real Temporal
 * server copies the header to the signal event. The workflow run span, parent of the activity
 * spans, stays open while the workflow runs and is not exported here, so the tests follow the
 * trace into the workflow through the activity spans.
 */
// Closes this class's servers, pump and worker afterwards: a cached context keeps them polling
// and loads the machine under the tests that follow.
@DirtiesContext
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.tracing.export.enabled=true",
      // Spans go to the in-memory exporter only; no OTLP export is attempted.
      "management.tracing.export.otlp.enabled=false",
      "management.opentelemetry.tracing.export.schedule-delay=100ms",
      "todo-mesh.pump.block-timeout=200ms"
    })
@Import(InMemorySpanExport.class)
class TracePropagationTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Span attribute that Temporal's tracing interceptors set. */
  private static final AttributeKey<String> WORKFLOW_ID = AttributeKey.stringKey("workflowId");

  @DynamicPropertySource
  static void embeddedServers(DynamicPropertyRegistry registry) {
    EmbeddedPorts.register(registry);
  }

  @Value("${local.server.port}")
  int port;

  @Autowired InMemorySpanExporter exporter;

  @Autowired SdkTracerProvider tracerProvider;

  @Autowired CommandStreams streams;

  @Autowired KafkaServer kafka;

  WebTestClient http;

  @BeforeEach
  void connect() {
    // The first requests to a fresh context can take longer than the default 5 s on a busy
    // machine.
    http =
        TestHttp.client(port);
  }

  @Test
  void httpTraceReachesActivities() {
    String traceId = randomHex(16);
    String clientSpanId = randomHex(8);

    post("trace-http", traceparent(traceId, clientSpanId));

    List<SpanData> spans = awaitSpans(traceId, "RunActivity:");
    SpanData server = single(spans, span -> span.getKind() == SpanKind.SERVER);
    SpanData pump = single(spans, span -> span.getName().equals(OpenTelemetrySignalTracing.SPAN_NAME));
    SpanData signal = single(spans, span -> span.getName().startsWith("SignalWithStartWorkflow:"));
    assertThat(server.getParentSpanId()).isEqualTo(clientSpanId);
    assertThat(pump.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(signal.getParentSpanId()).isEqualTo(pump.getSpanId());
    assertActivityRunsInWorkflow(spans, "todo:trace-http");
  }

  @Test
  void entryStoresServerSpanContext() {
    String traceId = randomHex(16);

    CommandAccepted accepted = post("trace-entry", traceparent(traceId, randomHex(8)));

    SpanData server =
        single(
            awaitSpans(traceId, OpenTelemetrySignalTracing.SPAN_NAME),
            span -> span.getKind() == SpanKind.SERVER);
    Map<String, String> entry = CommandEntries.find(streams, "trace-entry", accepted.commandId());
    assertThat(entry)
        .containsEntry(TraceParent.TRACEPARENT, traceparent(traceId, server.getSpanId()));
  }

  @Test
  void kafkaTraceReachesActivities() throws Exception {
    String traceId = randomHex(16);
    String producerSpanId = randomHex(8);
    ProducerRecord<String, String> record =
        new ProducerRecord<>(
            "todo.commands",
            null,
            "trace-kafka",
            "{\"type\":\"upsert\",\"title\":\"tea\"}",
            List.of(
                new RecordHeader(
                    TraceParent.TRACEPARENT,
                    traceparent(traceId, producerSpanId).getBytes(StandardCharsets.UTF_8))));

    try (KafkaProducer<String, String> producer =
        KafkaTestProducers.create("127.0.0.1:" + kafka.port(), Map.of())) {
      producer.send(record).get();
    }

    List<SpanData> spans = awaitSpans(traceId, "RunActivity:");
    SpanData pump = single(spans, span -> span.getName().equals(OpenTelemetrySignalTracing.SPAN_NAME));
    SpanData signal = single(spans, span -> span.getName().startsWith("SignalWithStartWorkflow:"));
    assertThat(pump.getParentSpanId()).isEqualTo(producerSpanId);
    assertThat(signal.getParentSpanId()).isEqualTo(pump.getSpanId());
    assertActivityRunsInWorkflow(spans, "todo:trace-kafka");
  }

  /**
   * Checks that an activity span of the trace is the child of the workflow's span that started
   * the activity, and that this span belongs to the given workflow.
   */
  private static void assertActivityRunsInWorkflow(List<SpanData> spans, String workflowId) {
    SpanData activity = first(spans, span -> span.getName().startsWith("RunActivity:"));
    SpanData start = single(spans, span -> span.getSpanId().equals(activity.getParentSpanId()));
    assertThat(start.getName()).startsWith("StartActivity:");
    assertThat(start.getAttributes().get(WORKFLOW_ID)).isEqualTo(workflowId);
  }

  private CommandAccepted post(String todoId, String traceparent) {
    return http.post()
        .uri("/todos/" + todoId)
        .contentType(MediaType.APPLICATION_JSON)
        .header(TraceParent.TRACEPARENT, traceparent)
        .bodyValue(Map.of("title", "traced"))
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectBody(CommandAccepted.class)
        .returnResult()
        .getResponseBody();
  }

  /** Waits until the trace has a span whose name starts with {@code namePrefix}. */
  private List<SpanData> awaitSpans(String traceId, String namePrefix) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> spansOf(traceId),
            spans -> spans.stream().anyMatch(span -> span.getName().startsWith(namePrefix)));
  }

  private List<SpanData> spansOf(String traceId) {
    tracerProvider.forceFlush().join(5, TimeUnit.SECONDS);
    return exporter.getFinishedSpanItems().stream()
        .filter(span -> span.getTraceId().equals(traceId))
        .toList();
  }

  private static SpanData single(List<SpanData> spans, Predicate<SpanData> condition) {
    List<SpanData> matching = spans.stream().filter(condition).toList();
    assertThat(matching).as("matching spans among %s", names(spans)).hasSize(1);
    return matching.get(0);
  }

  private static SpanData first(List<SpanData> spans, Predicate<SpanData> condition) {
    return spans.stream()
        .filter(condition)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no matching span among " + names(spans)));
  }

  private static List<String> names(List<SpanData> spans) {
    return spans.stream().map(SpanData::getName).toList();
  }

  private static String traceparent(String traceId, String spanId) {
    return "00-" + traceId + "-" + spanId + "-01";
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
