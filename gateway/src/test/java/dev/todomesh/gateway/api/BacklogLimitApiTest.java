package dev.todomesh.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.gateway.support.EmbeddedPorts;
import dev.todomesh.gateway.support.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Writes past a partition's backlog limit, with no pump draining it. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "todo-mesh.roles=api,worker",
      "todo-mesh.streams.partitions=1",
      "todo-mesh.streams.max-backlog=2"
    })
class BacklogLimitApiTest {

  @DynamicPropertySource
  static void embeddedServers(DynamicPropertyRegistry registry) {
    EmbeddedPorts.register(registry);
  }

  @Value("${local.server.port}")
  int port;

  @Autowired CommandStreams streams;

  @Test
  void writePastBacklogIsTooManyRequests() {
    WebTestClient http =
        TestHttp.client(port);
    for (int i = 0; i < 2; i++) {
      post(http, "todo-" + i).expectStatus().isAccepted();
    }

    post(http, "one-too-many")
        .expectStatus()
        .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
        .expectHeader()
        .valueEquals("Retry-After", "1")
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).contains("todo-mesh.streams.max-backlog"));

    assertThat(streams.commandStream(0).size()).isEqualTo(2);
  }

  private static WebTestClient.ResponseSpec post(WebTestClient http, String todoId) {
    return http.post()
        .uri("/todos/{id}", todoId)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"title\": \"x\"}")
        .exchange();
  }
}
