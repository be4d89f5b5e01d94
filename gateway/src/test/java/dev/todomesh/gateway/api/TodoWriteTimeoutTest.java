package dev.todomesh.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todomesh.activities.status.CommandStatusRecord;
import dev.todomesh.activities.status.CommandStatusStore;
import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.gateway.support.EmbeddedPorts;
import dev.todomesh.gateway.support.TestHttp;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RStream;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.RedisException;
import org.springframework.beans.factory.annotation.Autowired;
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

  private static final String GROUP = "todo-mesh-pump";

  @Autowired CommandStreams streams;

  @Autowired CommandStatusStore statuses;

  WebTestClient http;

  @BeforeEach
  void connect() {
    http =
        TestHttp.client(port);
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
    String location = createWithoutWaiting("queued");

    http.get()
        .uri(location)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("accepted");
  }

  @Test
  void acknowledgedEntryIsReportedDispatched() {
    String location = createWithoutWaiting("delivered");
    CommandStatusRecord accepted =
        statuses.findAsync(location.substring("/commands/".length())).toCompletableFuture().join();

    actAsPump(accepted.partition());

    http.get()
        .uri(location)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("dispatched");
  }

  /** Reads and acknowledges every entry of a partition, as the pump does after signalling. */
  private void actAsPump(int partition) {
    RStream<String, String> stream = streams.commandStream(partition);
    try {
      stream.createGroup(StreamCreateGroupArgs.name(GROUP).id(StreamMessageId.ALL));
    } catch (RedisException e) {
      assertThat(e.getMessage()).contains("BUSYGROUP");
    }
    Map<StreamMessageId, Map<String, String>> read =
        stream.readGroup(GROUP, "test", StreamReadGroupArgs.neverDelivered().count(1_000));
    stream.ack(GROUP, read.keySet().toArray(StreamMessageId[]::new));
  }

  private String createWithoutWaiting(String title) {
    return http.post()
        .uri("/todos")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"title\": \"" + title + "\"}")
        .exchange()
        .expectStatus()
        .isAccepted()
        .returnResult(Void.class)
        .getResponseHeaders()
        .getLocation()
        .toString();
  }
}
