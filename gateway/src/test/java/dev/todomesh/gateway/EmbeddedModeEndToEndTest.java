package dev.todomesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todomesh.embedded.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the application as {@code java -jar} would, with no configuration but free ports, and
 * drives it over HTTP only.
 */
class EmbeddedModeEndToEndTest {

  @TempDir Path dataDir;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void embeddedApplicationAppliesCommandsAndStopsItsServers() throws Exception {
    int httpPort = Ports.findFree();
    int redisPort = Ports.findFree();
    int temporalPort = Ports.findFree();
    ConfigurableApplicationContext app =
        SpringApplication.run(
            TodoMeshApplication.class,
            "--server.port=" + httpPort,
            "--todo-mesh.embedded.redis-port=" + redisPort,
            "--todo-mesh.embedded.temporal-port=" + temporalPort,
            "--todo-mesh.embedded.data-dir=" + dataDir);
    try {
      String base = "http://127.0.0.1:" + httpPort;

      HttpResponse<String> accepted =
          send(
              HttpRequest.newBuilder(URI.create(base + "/todos/e2e-1"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"title\": \"write tests\"}")));
      send(
          HttpRequest.newBuilder(URI.create(base + "/todos/e2e-1"))
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"title\": \"write tests\", \"completed\": true}")));

      assertThat(accepted.statusCode()).isEqualTo(202);
      assertThat(accepted.body()).contains("\"todoId\":\"e2e-1\"");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                HttpResponse<String> state =
                    send(HttpRequest.newBuilder(URI.create(base + "/todos/e2e-1")).GET());
                assertThat(state.statusCode()).isEqualTo(200);
                assertThat(state.body()).contains("\"completed\":true").contains("\"version\":2");
              });
      assertThat(Files.exists(dataDir.resolve("redis"))).isTrue();
    } finally {
      app.close();
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(Ports.isFree(redisPort)).as("embedded Redis stopped").isTrue());
    assertThat(Ports.isFree(temporalPort)).as("embedded Temporal stopped").isTrue();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
