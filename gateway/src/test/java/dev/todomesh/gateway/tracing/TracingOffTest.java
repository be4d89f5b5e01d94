package dev.todomesh.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todomesh.gateway.api.CommandAccepted;
import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.gateway.support.CommandEntries;
import dev.todomesh.gateway.support.EmbeddedPorts;
import dev.todomesh.gateway.support.InMemorySpanExport;
import dev.todomesh.gateway.support.TestHttp;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.temporal.opentracing.OpenTracingClientInterceptor;
import io.temporal.opentracing.OpenTracingWorkerInterceptor;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With the application's default settings tracing is off: no span is recorded, even with a span
 * exporter present, and an entry carries only the trace context that the request brought.
 */
// Closes this class's servers, pump and worker afterwards: a cached context keeps them polling
// and loads the machine under the tests that follow.
@DirtiesContext
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      // Every span would be sampled, so only switching tracing off keeps the exporter empty.
      "management.tracing.sampling.probability=1.0",
      "management.opentelemetry.tracing.export.schedule-delay=100ms",
      "todo-mesh.pump.block-timeout=200ms"
    })
@Import(InMemorySpanExport.class)
class TracingOffTest {

  private static final String TRACEPARENT =
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  @DynamicPropertySource
  static void embeddedServers(DynamicPropertyRegistry registry) {
    EmbeddedPorts.register(registry);
  }

  @Value("${local.server.port}")
  int port;

  @Autowired InMemorySpanExporter exporter;

  @Autowired SdkTracerProvider tracerProvider;

  @Autowired CommandStreams streams;

  @Autowired ApplicationContext context;

  WebTestClient http;

  @BeforeEach
  void connect() {
    // The first requests to a fresh context can take longer than the default 5 s on a busy
    // machine.
    http =
        TestHttp.client(port);
  }

  @Test
  void incomingTraceparentIsStoredAsSent() {
    CommandAccepted accepted = post("off-traced", TRACEPARENT, "vendor=value");

    Map<String, String> entry = CommandEntries.find(streams, "off-traced", accepted.commandId());
    assertThat(entry).containsEntry(TraceParent.TRACEPARENT, TRACEPARENT);
    assertThat(entry).containsEntry(TraceParent.TRACESTATE, "vendor=value");
  }

  @Test
  void entryWithoutTraceparentHasNoTraceFields() {
    CommandAccepted accepted = post("off-untraced", null, null);

    Map<String, String> entry = CommandEntries.find(streams, "off-untraced", accepted.commandId());
    assertThat(entry).doesNotContainKeys(TraceParent.TRACEPARENT, TraceParent.TRACESTATE);
  }

  @Test
  void invalidTraceparentIsNotStored() {
    CommandAccepted accepted = post("off-invalid", "00-not-a-trace-01", null);

    Map<String, String> entry = CommandEntries.find(streams, "off-invalid", accepted.commandId());
    assertThat(entry).doesNotContainKey(TraceParent.TRACEPARENT);
  }

  @Test
  void appliedCommandExportsNoSpan() {
    post("off-applied", TRACEPARENT, null);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> http.get().uri("/todos/off-applied").exchange().expectStatus().isOk());

    tracerProvider.forceFlush().join(5, TimeUnit.SECONDS);

    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void temporalTracingIsNotRegistered() {
    assertThat(context.getBeanNamesForType(OpenTracingClientInterceptor.class)).isEmpty();
    assertThat(context.getBeanNamesForType(OpenTracingWorkerInterceptor.class)).isEmpty();
  }

  private CommandAccepted post(String todoId, String traceparent, String tracestate) {
    return http.post()
        .uri("/todos/" + todoId)
        .contentType(MediaType.APPLICATION_JSON)
        .headers(
            headers -> {
              if (traceparent != null) {
                headers.set(TraceParent.TRACEPARENT, traceparent);
              }
              if (tracestate != null) {
                headers.set(TraceParent.TRACESTATE, tracestate);
              }
            })
        .bodyValue(Map.of("title", "untraced"))
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectBody(CommandAccepted.class)
        .returnResult()
        .getResponseBody();
  }
}
