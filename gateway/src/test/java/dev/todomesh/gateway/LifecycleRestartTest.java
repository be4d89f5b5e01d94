package dev.todomesh.gateway;

import dev.todomesh.gateway.support.EmbeddedPorts;
import dev.todomesh.gateway.support.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Pausing and restarting the context, as Spring's test framework does with a cached context,
 * stops the worker, the pump and the Kafka listener, and starts them again in working order.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "todo-mesh.pump.block-timeout=200ms")
@DirtiesContext
class LifecycleRestartTest {

  @DynamicPropertySource
  static void embeddedServers(DynamicPropertyRegistry registry) {
    EmbeddedPorts.register(registry);
  }

  @Value("${local.server.port}")
  int port;

  @Autowired ConfigurableApplicationContext context;

  @Test
  void commandAppliedAfterRestart() {
    WebTestClient http =
        TestHttp.client(port);
    create(http, "before the pause");

    context.pause();
    context.restart();

    create(http, "after the restart");
  }

  /** Creates a todo and expects 201, which the API returns only once the worker applied it. */
  private static void create(WebTestClient http, String title) {
    http.post()
        .uri("/todos")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"title\": \"" + title + "\"}")
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.title")
        .isEqualTo(title);
  }
}
