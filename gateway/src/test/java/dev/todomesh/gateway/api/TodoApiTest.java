package dev.todomesh.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.gateway.support.EmbeddedPorts;
import dev.todomesh.gateway.support.TestHttp;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The HTTP API over a real socket, with embedded Redis and Temporal. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "todo-mesh.pump.block-timeout=200ms")
class TodoApiTest {

  @DynamicPropertySource
  static void embeddedServers(DynamicPropertyRegistry registry) {
    EmbeddedPorts.register(registry);
  }

  @Value("${local.server.port}")
  int port;

  @Autowired CommandStreams streams;

  WebTestClient http;

  @BeforeEach
  void connect() {
    http =
        TestHttp.client(port);
  }

  @Test
  void postThenGetReturnsAppliedState() {
    http.post()
        .uri("/todos/{id}", "milk")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"title\": \"buy milk\", \"completed\": true}")
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectHeader()
        .value("Location", location -> assertThat(location).startsWith("/commands/"))
        .expectBody()
        .jsonPath("$.todoId")
        .isEqualTo("milk")
        .jsonPath("$.commandId")
        .isNotEmpty();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                http.get()
                    .uri("/todos/{id}", "milk")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.title")
                    .isEqualTo("buy milk")
                    .jsonPath("$.completed")
                    .isEqualTo(true)
                    .jsonPath("$.version")
                    .isEqualTo(1));
  }

  @Test
  void postWithSessionJoinsSession() {
    http.post()
        .uri("/todos/{id}", "session-milk")
        .header(TodoResourceController.SESSION_HEADER, "post-session")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"title\": \"buy milk\"}")
        .exchange()
        .expectStatus()
        .isAccepted();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                http.get()
                    .uri("/sessions/{id}", "post-session")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.todoIds[0]")
                    .isEqualTo("session-milk"));
    http.get()
        .uri("/todos/{id}", "session-milk")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.sessionId")
        .isEqualTo("post-session");
  }

  @Test
  void postWithInvalidSessionIsBadRequest() {
    http.post()
        .uri("/todos/{id}", "session-bad")
        .header(TodoResourceController.SESSION_HEADER, "not valid!")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"title\": \"buy milk\"}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.detail")
        .value(
            detail -> assertThat((String) detail).contains("Session ID 'not valid!' is invalid"));
  }

  @Test
  void acceptedCommandHasStatus() {
    String commandId =
        http.post()
            .uri("/todos/{id}", "status-check")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"title\": \"check status\"}")
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(CommandAccepted.class)
            .returnResult()
            .getResponseBody()
            .commandId();

    http.get()
        .uri("/commands/{id}", commandId)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.todoId")
        .isEqualTo("status-check")
        .jsonPath("$.status")
        .value(status -> assertThat((String) status).isIn("accepted", "dispatched", "applied"));
  }

  @Test
  void unknownTodoIsNotFoundProblem() {
    http.get()
        .uri("/todos/{id}", "never-written")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(404)
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).contains("never-written"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          malformed JSON      | ok-id  | {"title":                          | 400 | not valid JSON
          wrong type          | ok-id  | {"title": "x", "completed": "yes"} | 400 | completed must be true or false
          number as title     | ok-id  | {"title": 5}                       | 400 | title must be a string
          unknown field       | ok-id  | {"title": "x", "colour": "red"}    | 400 | colour is not a known field
          duplicate field     | ok-id  | {"title": "x", "title": "y"}       | 400 | Duplicate Object property
          blank title         | ok-id  | {"title": "   "}                   | 400 | title must be a non-blank string
          missing title       | ok-id  | {}                                 | 400 | title must be a non-blank string
          array body          | ok-id  | [1]                                | 400 | must be a single JSON object
          trailing content    | ok-id  | {"title": "x"} {"title": "y"}      | 400 | must be a single JSON object
          invalid id          | a b    | {"title": "x"}                     | 400 | Todo ID 'a b' is invalid
          overlong id         | LONG   | {"title": "x"}                     | 400 | is invalid
          """)
  void badInputIsRejectedAndNothingEnqueued(
      String name, String id, String body, int status, String detailPart) {
    long before = enqueued();
    String todoId = id.equals("LONG") ? "x".repeat(129) : id;

    http.post()
        .uri("/todos/{id}", todoId)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isEqualTo(status)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).contains(detailPart));

    assertThat(enqueued()).isEqualTo(before);
  }

  @Test
  void oversizedBodyIsContentTooLarge() {
    long before = enqueued();
    String body = "{\"title\": \"" + "x".repeat(70 * 1024) + "\"}";

    http.post()
        .uri("/todos/{id}", "big")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).contains("todo-mesh.api.max-body-size"))
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).contains("65536 bytes"))
        .jsonPath("$.maxBodyBytes")
        .isEqualTo(65536);

    assertThat(enqueued()).isEqualTo(before);
  }

  @Test
  void overlongTitleIsRejected() {
    long before = enqueued();

    http.post()
        .uri("/todos/{id}", "long-title")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"title\": \"" + "x".repeat(1001) + "\"}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("title");

    assertThat(enqueued()).isEqualTo(before);
  }

  @Test
  void nonJsonContentTypeIsUnsupported() {
    http.post()
        .uri("/todos/{id}", "text")
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue("buy milk")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void idempotencyKeyReplaysOriginalCommand() {
    String body = "{\"title\": \"pay rent\"}";
    String first = postWithKey("rent", "key-1", body).expectStatus().isAccepted()
        .expectBody(CommandAccepted.class).returnResult().getResponseBody().commandId();
    long afterFirst = enqueued();

    postWithKey("rent", "key-1", body)
        .expectStatus()
        .isAccepted()
        .expectHeader()
        .valueEquals("Idempotent-Replayed", "true")
        .expectBody()
        .jsonPath("$.commandId")
        .isEqualTo(first);

    assertThat(enqueued()).isEqualTo(afterFirst);
  }

  @Test
  void reusedIdempotencyKeyWithOtherBodyIsUnprocessable() {
    postWithKey("rent-2", "key-2", "{\"title\": \"pay rent\"}").expectStatus().isAccepted();
    long before = enqueued();

    postWithKey("rent-2", "key-2", "{\"title\": \"pay less rent\"}")
        .expectStatus()
        .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).contains("key-2"))
        .jsonPath("$.originalCommandId")
        .isNotEmpty();

    assertThat(enqueued()).isEqualTo(before);
  }

  @Test
  void invalidIdempotencyKeyIsRejected() {
    postWithKey("rent-3", "has space", "{\"title\": \"x\"}")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.title")
        .isEqualTo("Invalid Idempotency-Key");
  }

  @Test
  void partitionsShowOwnerAndBacklog() {
    http.get()
        .uri("/admin/partitions")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(streams.partitions())
        .jsonPath("$[0].owner")
        .isNotEmpty()
        .jsonPath("$[0].backlog")
        .isNumber();
  }

  @Test
  void nonNumericLimitNamesTheParameter() {
    http.get()
        .uri("/admin/dead-letters?limit=abc")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.title")
        .isEqualTo("Invalid request parameter")
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).contains("Query parameter 'limit'"));
  }

  @Test
  void retryOfUnparkedTodoIsNotFound() {
    http.post()
        .uri("/admin/parked/{id}/retry", "not-parked")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void redrivenDeadLetterIsApplied() {
    var fields =
        dev.todomesh.gateway.stream.CommandEntry.upsert(
            "redrive-command", "redriven", "from the dead", true, java.time.Instant.now());
    var deadLetterId =
        new dev.todomesh.gateway.pump.DeadLetters(streams, java.time.Clock.systemUTC())
            .add(0, new org.redisson.api.stream.StreamMessageId(1, 0), fields, "test failure");
    http.get()
        .uri("/admin/dead-letters")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[?(@.entryId == '" + deadLetterId + "')].reason")
        .isEqualTo("test failure");

    http.post()
        .uri("/admin/dead-letters/{id}/redrive", deadLetterId.toString())
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.commandId")
        .isEqualTo("redrive-command");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                http.get()
                    .uri("/todos/{id}", "redriven")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.lastCommandId")
                    .isEqualTo("redrive-command"));
    assertThat(streams.deadLetterStream().range(deadLetterId, deadLetterId)).isEmpty();
  }

  private WebTestClient.ResponseSpec postWithKey(String todoId, String key, String body) {
    return http.post()
        .uri("/todos/{id}", todoId)
        .header("Idempotency-Key", key)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  /** Returns the number of entries ever added to the command streams. */
  private long enqueued() {
    return IntStream.range(0, streams.partitions())
        .mapToLong(partition -> streams.commandStream(partition).size())
        .sum();
  }
}
