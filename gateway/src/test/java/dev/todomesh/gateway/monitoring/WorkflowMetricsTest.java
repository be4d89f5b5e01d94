package dev.todomesh.gateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todomesh.gateway.support.EmbeddedPorts;
import dev.todomesh.gateway.support.TestHttp;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The todo workflow's own metrics, read from the Prometheus endpoint after real commands. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "todo-mesh.pump.block-timeout=200ms")
@DirtiesContext
class WorkflowMetricsTest {

  private static final Pattern APPLIED =
      Pattern.compile("(?m)^todo_mesh_commands_applied_total\\{[^}]*\\} (\\S+)$");

  @DynamicPropertySource
  static void embeddedServers(DynamicPropertyRegistry registry) {
    EmbeddedPorts.register(registry);
  }

  @Value("${local.server.port}")
  int port;

  WebTestClient http;

  @BeforeEach
  void connect() {
    // Every timer publishes a histogram, so the scrape outgrows the client's default 256 KB.
    http =
        TestHttp.builder(port)
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
            .build();
  }

  @Test
  void appliedCommandsCountedWithLatency() {
    post("/todos/metrics-a", "{\"title\":\"buy milk\"}");
    post("/todos/metrics-a", "{\"title\":\"buy oat milk\"}");
    post("/todos/metrics-b", "{\"title\":\"buy bread\"}");

    // The SDK reports its metrics scope every 10 s.
    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(
            () -> {
              String body = prometheus();
              assertThat(applied(body)).isEqualTo(3.0);
              assertThat(body)
                  .containsPattern(
                      "(?m)^todo_mesh_commands_accepted_to_applied_seconds_count\\{.*\\} 3$");
              assertThat(body).contains("todo_mesh_commands_accepted_to_applied_seconds_bucket{");
            });
  }

  private void post(String path, String body) {
    http.post()
        .uri(path)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .is2xxSuccessful();
  }

  private String prometheus() {
    return http.get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }

  private static double applied(String body) {
    Matcher matcher = APPLIED.matcher(body);
    double total = 0;
    while (matcher.find()) {
      total += Double.parseDouble(matcher.group(1));
    }
    return total;
  }
}
