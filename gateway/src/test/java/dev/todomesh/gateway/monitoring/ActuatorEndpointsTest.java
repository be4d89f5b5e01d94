package dev.todomesh.gateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.gateway.support.EmbeddedPorts;
import dev.todomesh.gateway.support.TestHttp;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Probes, metrics and info of a process running every role, with embedded Redis and Temporal. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"todo-mesh.pump.block-timeout=200ms", "todo-mesh.pump.lease-ttl=1500ms"})
class ActuatorEndpointsTest {

  @DynamicPropertySource
  static void embeddedServers(DynamicPropertyRegistry registry) {
    EmbeddedPorts.register(registry);
  }

  @Value("${local.server.port}")
  int port;

  @Autowired CommandStreams streams;

  @Autowired WorkflowServiceStubs stubs;

  WebTestClient http;

  @BeforeEach
  void connect() {
    http =
        TestHttp.client(port);
  }

  @Test
  void livenessIsUp() {
    http.get()
        .uri("/actuator/health/liveness")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP");
  }

  @Test
  void readinessWaitsForRedisTemporalAndPartitions() {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                http.get()
                    .uri("/actuator/health/readiness")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("UP")
                    .jsonPath("$.components.redis.status")
                    .isEqualTo("UP")
                    .jsonPath("$.components.temporal.status")
                    .isEqualTo("UP")
                    .jsonPath("$.components.pump.status")
                    .isEqualTo("UP")
                    .jsonPath("$.components.pump.details.owned.length()")
                    .isEqualTo(streams.partitions()));
  }

  @Test
  void prometheusExposesBacklogPerPartition() {
    streams.redisson().getBucket(streams.backlogKey(3), StringCodec.INSTANCE).set("0");

    String body =
        http.get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();

    assertThat(body).contains("todo_mesh_partition_backlog_commands{partition=\"0\"}");
    assertThat(body).contains("todo_mesh_partition_backlog_commands{partition=\"7\"}");
    assertThat(body).contains("jvm_memory_used_bytes");
  }

  @Test
  void prometheusExposesTemporalSdkMetrics() {
    // The SDK reports every 10 s; the worker's polls count as requests from the start.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        http.get()
                            .uri("/actuator/prometheus")
                            .exchange()
                            .expectStatus()
                            .isOk()
                            .expectBody(String.class)
                            .returnResult()
                            .getResponseBody())
                    .contains("temporal_long_request_total"));
  }

  @Test
  void infoShowsBuildVersion() {
    http.get()
        .uri("/actuator/info")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.build.version")
        .isEqualTo("0.1.0-SNAPSHOT");
  }

  @Test
  void temporalIsDownWhenUnreachable() {
    WorkflowServiceStubs unreachable =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:1").build());
    try {
      TemporalHealthIndicator indicator =
          new TemporalHealthIndicator(unreachable, "default", Duration.ofSeconds(1));

      Health health = indicator.health().block(Duration.ofSeconds(10));

      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    } finally {
      unreachable.shutdownNow();
    }
  }

  @Test
  void assignmentMatchesPumpRule() {
    assertThat(PumpHealthIndicator.assignedPartitions(8, 0, 3)).containsExactly(0, 3, 6);
    assertThat(PumpHealthIndicator.assignedPartitions(8, 2, 3)).containsExactly(2, 5);
    assertThat(PumpHealthIndicator.assignedPartitions(2, 2, 3)).isEmpty();
  }
}
