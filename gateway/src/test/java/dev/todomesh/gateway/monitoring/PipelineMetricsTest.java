package dev.todomesh.gateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todomesh.gateway.kafka.KafkaServer;
import dev.todomesh.gateway.stream.CommandEntry;
import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.gateway.support.EmbeddedPorts;
import dev.todomesh.gateway.support.KafkaTestProducers;
import dev.todomesh.gateway.support.PoisonedWorkflows;
import dev.todomesh.gateway.support.TestHttp;
import dev.todomesh.workflows.TodoWorkflow;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamAddArgs;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The command pipeline's counters and timers as {@code /actuator/prometheus} serves them, after
 * commands flow through the whole application with embedded Redis and Temporal.
 */
// Closes this class's servers, pump and worker afterwards: a cached context keeps them polling
// and loads the machine under the tests that follow.
@DirtiesContext
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "todo-mesh.pump.block-timeout=200ms",
      "todo-mesh.pump.max-attempts=2",
      "todo-mesh.pump.initial-backoff=20ms",
      "todo-mesh.pump.max-backoff=100ms"
    })
@Import(PipelineMetricsTest.Poison.class)
class PipelineMetricsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** Histograms make the scrape larger than WebTestClient's default limit of 256 KB. */
  private static final int MAX_SCRAPE_BYTES = 4 * 1024 * 1024;

  @DynamicPropertySource
  static void embeddedServers(DynamicPropertyRegistry registry) {
    EmbeddedPorts.register(registry);
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Poison {
    @Bean
    PoisonedWorkflows poisonedWorkflows() {
      return new PoisonedWorkflows();
    }
  }

  @Value("${local.server.port}")
  int port;

  @Autowired CommandStreams streams;

  @Autowired KafkaServer kafka;

  @Autowired PoisonedWorkflows poisoned;

  WebTestClient http;

  @BeforeEach
  void connect() {
    http =
        TestHttp.builder(port)
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_SCRAPE_BYTES))
            .build();
  }

  @AfterEach
  void curePoison() {
    poisoned.clear();
  }

  @Test
  void httpCommandIsCountedAcceptedAndDispatched() {
    Scrape before = scrape();

    post("metrics-http", "buy milk", null);

    assertThat(scrape().value("todo_mesh_commands_accepted_total{source=\"http\"}"))
        .isEqualTo(before.value("todo_mesh_commands_accepted_total{source=\"http\"}") + 1);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(scrape().value("todo_mesh_commands_dispatched_total"))
                    .isGreaterThanOrEqualTo(before.value("todo_mesh_commands_dispatched_total") + 1));
  }

  @Test
  void dispatchTimersHaveHistograms() {
    Scrape before = scrape();

    post("metrics-timers", "buy bread", null);

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Scrape after = scrape();
              assertThat(after.value("todo_mesh_commands_accepted_to_dispatched_seconds_count"))
                  .isGreaterThan(
                      before.value("todo_mesh_commands_accepted_to_dispatched_seconds_count"));
              assertThat(after.value("todo_mesh_signal_duration_seconds_count{outcome=\"success\"}"))
                  .isGreaterThan(
                      before.value("todo_mesh_signal_duration_seconds_count{outcome=\"success\"}"));
            });
    Scrape after = scrape();
    assertThat(after.body()).contains("todo_mesh_commands_accepted_to_dispatched_seconds_bucket{le=");
    assertThat(after.body()).contains("todo_mesh_signal_duration_seconds_bucket{outcome=\"success\",le=");
  }

  @Test
  void idempotentReplayIsNotCountedAgain() {
    Scrape before = scrape();

    post("metrics-replay", "once", "key-1");
    post("metrics-replay", "once", "key-1");

    assertThat(scrape().value("todo_mesh_commands_accepted_total{source=\"http\"}"))
        .isEqualTo(before.value("todo_mesh_commands_accepted_total{source=\"http\"}") + 1);
  }

  @Test
  void kafkaRecordIsCountedAcceptedFromKafka() throws Exception {
    Scrape before = scrape();

    try (KafkaProducer<String, String> producer =
        KafkaTestProducers.create("127.0.0.1:" + kafka.port(), Map.of())) {
      producer
          .send(
              new ProducerRecord<>(
                  "todo.commands", "metrics-kafka", "{\"type\":\"upsert\",\"title\":\"tea\"}"))
          .get();
    }

    Scrape after = scrape();
    assertThat(after.value("todo_mesh_commands_accepted_total{source=\"kafka\"}"))
        .isEqualTo(before.value("todo_mesh_commands_accepted_total{source=\"kafka\"}") + 1);
    assertThat(after.value("todo_mesh_commands_accepted_total{source=\"http\"}"))
        .isEqualTo(before.value("todo_mesh_commands_accepted_total{source=\"http\"}"));
  }

  @Test
  void poisonCommandIsRetriedThenParked() {
    poisoned.add(TodoWorkflow.workflowId("metrics-poison"));
    Scrape before = scrape();

    post("metrics-poison", "never applied", null);

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(scrape().value("todo_mesh_commands_parked_total"))
                    .isEqualTo(before.value("todo_mesh_commands_parked_total") + 1));
    Scrape after = scrape();
    // With max-attempts=2 the first attempt is retried once, the second parks the todo.
    assertThat(after.value("todo_mesh_commands_retried_total"))
        .isEqualTo(before.value("todo_mesh_commands_retried_total") + 1);
    assertThat(after.value("todo_mesh_signal_duration_seconds_count{outcome=\"failure\"}"))
        .isEqualTo(before.value("todo_mesh_signal_duration_seconds_count{outcome=\"failure\"}") + 2);
  }

  @Test
  void undecodableEntryIsCountedDeadLettered() {
    Scrape before = scrape();

    streams
        .commandStream(streams.partitionOf("metrics-undecodable"))
        .add(
            StreamAddArgs.entries(
                Map.of(CommandEntry.TODO_ID, "metrics-undecodable", CommandEntry.TYPE, "upsert")));

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(scrape().value("todo_mesh_commands_dead_lettered_total"))
                    .isEqualTo(before.value("todo_mesh_commands_dead_lettered_total") + 1));
  }

  private void post(String todoId, String title, String idempotencyKey) {
    http.post()
        .uri("/todos/" + todoId)
        .contentType(MediaType.APPLICATION_JSON)
        .headers(
            headers -> {
              if (idempotencyKey != null) {
                headers.set("Idempotency-Key", idempotencyKey);
              }
            })
        .bodyValue(Map.of("title", title))
        .exchange()
        .expectStatus()
        .isAccepted();
  }

  private Scrape scrape() {
    return new Scrape(
        http.get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody());
  }

  /** One response of the Prometheus endpoint, in the text format. */
  record Scrape(String body) {

    /** Returns the sample of one series, named with its labels as Prometheus prints them. */
    double value(String series) {
      for (String line : body.split("\n")) {
        if (line.startsWith(series + " ")) {
          return Double.parseDouble(line.substring(series.length() + 1).trim());
        }
      }
      throw new AssertionError("series " + series + " is missing from /actuator/prometheus");
    }
  }
}
