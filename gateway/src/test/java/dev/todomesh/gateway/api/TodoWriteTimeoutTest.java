package dev.todomesh.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todomesh.gateway.support.EmbeddedPorts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Writes whose wait runs out: the process runs only the API role, so no command is ever
 * applied, and every write must still return {@code 202}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"todo-mesh.roles=api", "todo-mesh.api.write-wait=200ms"})
class TodoWriteTimeoutTest {

  @DynamicPropertySource
  static void embeddedServers(DynamicPropertyRegistry registry) {
    EmbeddedPorts.register(registry);
  }

  @Value("${local.server.port}")
  int port;

  WebTestClient http;

  @BeforeEach
  void connect() {
    http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
  }

  @Test
  void createAnswersAcceptedWhenWaitRunsOut() {
    http.post()
        .uri("/todos")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"title\": \"slow\"}")
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectHeader()
        .value("Location", location -> assertThat(location).startsWith("/commands/"))
        .expectHeader()
        .doesNotExist("Preference-Applied")
        .expectBody()
        .jsonPath("$.commandId")
        .isNotEmpty();
  }

  @Test
  void patchAnswersAcceptedWhenWaitRunsOut() {
    http.patch()
        .uri("/todos/{id}", "slow")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"completed\": true}")
        .exchange()
        .expectStatus()
        .isAccepted();
  }

  @Test
  void deleteAnswersAcceptedWhenWaitRunsOut() {
    http.delete().uri("/todos/{id}", "slow").exchange().expectStatus().isAccepted();
  }

  @Test
  void timedOutCommandIsStillAccepted() {
    String location =
        http.post()
            .uri("/todos")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"title\": \"queued\"}")
            .exchange()
            .expectStatus()
            .isAccepted()
            .returnResult(Void.class)
            .getResponseHeaders()
            .getLocation()
            .toString();

    http.get()
        .uri(location)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("accepted");
  }
}
