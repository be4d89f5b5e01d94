package dev.todomesh.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todomesh.activities.events.EventLog;
import dev.todomesh.gateway.stream.CommandEntry;
import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.gateway.support.EmbeddedPorts;
import dev.todomesh.gateway.support.TestHttp;
import dev.todomesh.workflows.CommandType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamMessageId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/** The Todo-Backend resource over a real socket, with embedded Redis and Temporal. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "todo-mesh.pump.block-timeout=200ms",
      "todo-mesh.api.write-wait=15s",
      "todo-mesh.api.cors-allowed-origins=http://client.example",
      "server.forward-headers-strategy=framework"
    })
class TodoBackendApiTest {

  private static final ParameterizedTypeReference<List<Map<String, Object>>> TODO_LIST =
      new ParameterizedTypeReference<>() {};

  @DynamicPropertySource
  static void embeddedServers(DynamicPropertyRegistry registry) {
    EmbeddedPorts.register(registry);
  }

  @Value("${local.server.port}")
  int port;

  @Autowired EventLog eventLog;

  @Autowired CommandStreams streams;

  WebTestClient http;

  @BeforeEach
  void connect() {
    http =
        TestHttp.client(port);
  }

  @Test
  void createReturnsCreatedTodoWithUrl() {
    Map<String, Object> todo = create("{\"title\": \"buy milk\", \"order\": 3}", null);

    assertThat(todo.get("title")).isEqualTo("buy milk");
    assertThat(todo.get("completed")).isEqualTo(false);
    assertThat(todo.get("order")).isEqualTo(3);
    assertThat((String) todo.get("url"))
        .isEqualTo("http://127.0.0.1:" + port + "/todos/" + todo.get("id"));
  }

  @Test
  void createdTodoIsReadableAtItsUrl() {
    Map<String, Object> todo = create("{\"title\": \"read back\"}", null);

    http.get()
        .uri((String) todo.get("url"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.title")
        .isEqualTo("read back");
  }

  @Test
  void createdTodoIsListed() {
    Map<String, Object> todo = create("{\"title\": \"listed\"}", null);

    List<Map<String, Object>> todos = list("/todos?limit=1000");

    assertThat(todos).extracting(t -> t.get("id")).contains(todo.get("id"));
  }

  @Test
  void patchChangesGivenFieldsOnly() {
    Map<String, Object> todo = create("{\"title\": \"patch me\", \"order\": 1}", null);

    http.patch()
        .uri("/todos/{id}", todo.get("id"))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"completed\": true, \"order\": 5}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.title")
        .isEqualTo("patch me")
        .jsonPath("$.completed")
        .isEqualTo(true)
        .jsonPath("$.order")
        .isEqualTo(5)
        .jsonPath("$.version")
        .isEqualTo(2);
  }

  @Test
  void patchIgnoresReadOnlyFields() {
    Map<String, Object> todo = create("{\"title\": \"round trip\"}", null);

    http.patch()
        .uri("/todos/{id}", todo.get("id"))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"id\": \"other\", \"url\": \"http://elsewhere/\", \"version\": 9,"
                + " \"title\": \"renamed\"}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.id")
        .isEqualTo(todo.get("id"))
        .jsonPath("$.title")
        .isEqualTo("renamed")
        .jsonPath("$.version")
        .isEqualTo(2);
  }

  @Test
  void patchOfUnknownTodoIsRejectedAsNotFound() {
    http.patch()
        .uri("/todos/{id}", "never-created")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"completed\": true}")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).contains("does not exist"))
        .jsonPath("$.commandStatus")
        .isEqualTo("rejected");
  }

  @Test
  void invalidPatchFieldIsBadRequest() {
    http.patch()
        .uri("/todos/{id}", "any")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"completed\": \"yes\", \"colour\": \"red\"}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors.length()")
        .isEqualTo(2);
  }

  @Test
  void deletedTodoIsGone() {
    Map<String, Object> todo = create("{\"title\": \"delete me\"}", null);

    http.delete().uri("/todos/{id}", todo.get("id")).exchange().expectStatus().isNoContent();

    http.get().uri("/todos/{id}", todo.get("id")).exchange().expectStatus().isNotFound();
    assertThat(list("/todos?limit=1000")).extracting(t -> t.get("id")).doesNotContain(todo.get("id"));
  }

  @Test
  void deleteAllEmptiesList() {
    create("{\"title\": \"one\"}", null);
    create("{\"title\": \"two\"}", null);

    http.delete().uri("/todos").exchange().expectStatus().isNoContent();

    assertThat(list("/todos")).isEmpty();
  }

  @Test
  void respondAsyncReturnsCommandLocationAtOnce() {
    EntityExchangeResult<byte[]> accepted =
        http.post()
            .uri("/todos")
            .contentType(MediaType.APPLICATION_JSON)
            .header("Prefer", "respond-async")
            .bodyValue("{\"title\": \"later\"}")
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectHeader()
            .valueEquals("Preference-Applied", "respond-async")
            .expectBody()
            .returnResult();
    String location = accepted.getResponseHeaders().getLocation().toString();

    assertThat(location).startsWith("/commands/");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                http.get()
                    .uri(location)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("applied")
                    .jsonPath("$.version")
                    .isEqualTo(1));
  }

  @Test
  void unknownCommandIsNotFound() {
    http.get()
        .uri("/commands/{id}", "no-such-command")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void forwardedHeadersShapeUrl() {
    Map<String, Object> todo =
        http.post()
            .uri("/todos")
            .contentType(MediaType.APPLICATION_JSON)
            .header("X-Forwarded-Proto", "https")
            .header("X-Forwarded-Host", "todos.example")
            .header("X-Forwarded-Port", "443")
            .bodyValue("{\"title\": \"behind a proxy\"}")
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();

    assertThat(todo.get("url")).isEqualTo("https://todos.example/todos/" + todo.get("id"));
  }

  @Test
  void retriedCreateReturnsSameTodo() {
    String key = "create-" + System.nanoTime();
    String body = "{\"title\": \"buy bread once\"}";

    Map<String, Object> first =
        createWithKey(body, key)
            .expectHeader()
            .doesNotExist("Idempotent-Replayed")
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    Map<String, Object> retry =
        createWithKey(body, key)
            .expectHeader()
            .valueEquals("Idempotent-Replayed", "true")
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();

    assertThat(retry.get("id")).isEqualTo(first.get("id"));
    assertThat(list("/todos?limit=100"))
        .filteredOn(todo -> "buy bread once".equals(todo.get("title")))
        .hasSize(1);
  }

  @Test
  void reusedKeyWithOtherBodyRejected() {
    String key = "create-" + System.nanoTime();
    createWithKey("{\"title\": \"first body\"}", key);

    http.post()
        .uri("/todos")
        .contentType(MediaType.APPLICATION_JSON)
        .header("Idempotency-Key", key)
        .bodyValue("{\"title\": \"second body\"}")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
  }

  private WebTestClient.ResponseSpec createWithKey(String body, String key) {
    return http.post()
        .uri("/todos")
        .contentType(MediaType.APPLICATION_JSON)
        .header("Idempotency-Key", key)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isCreated();
  }

  @Test
  void corsPreflightAllowsConfiguredOrigin() {
    http.options()
        .uri("/todos")
        .header(HttpHeaders.ORIGIN, "http://client.example")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PATCH")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://client.example");
  }

  @Test
  void corsPreflightRejectsOtherOrigin() {
    http.options()
        .uri("/todos")
        .header(HttpHeaders.ORIGIN, "http://elsewhere.example")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PATCH")
        .exchange()
        .expectStatus()
        .isForbidden();
  }

  @Test
  void listPagesFollowLinkHeaderAndFilter() {
    String session = "paging-" + System.nanoTime();
    List<Object> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(create("{\"title\": \"page " + i + "\", \"completed\": " + (i % 2 == 0) + "}", session).get("id"));
    }

    List<Object> seen = new ArrayList<>();
    String next = "/todos?limit=2&session=" + session;
    while (next != null) {
      EntityExchangeResult<List<Map<String, Object>>> page =
          http.get().uri(next).exchange().expectStatus().isOk().expectBody(TODO_LIST).returnResult();
      page.getResponseBody().forEach(todo -> seen.add(todo.get("id")));
      String link = page.getResponseHeaders().getFirst(HttpHeaders.LINK);
      next = link == null ? null : link.substring(1, link.indexOf('>'));
    }

    assertThat(seen).containsExactlyElementsOf(created);
    assertThat(list("/todos?completed=true&session=" + session)).hasSize(3);
  }

  @Test
  void strongReadAsksWorkflow() {
    Map<String, Object> todo = create("{\"title\": \"strong\"}", null);

    http.get()
        .uri("/todos/{id}?consistency=strong", todo.get("id"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.title")
        .isEqualTo("strong")
        .jsonPath("$.url")
        .isNotEmpty();
  }

  @Test
  void sessionRecordsItsTodos() {
    String session = "session-" + System.nanoTime();
    Map<String, Object> todo = create("{\"title\": \"in a session\"}", session);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                http.get()
                    .uri("/sessions/{id}", session)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.todoIds[0]")
                    .isEqualTo(todo.get("id"))
                    .jsonPath("$.expired")
                    .isEqualTo(false));
  }

  @Test
  void eachChangeIsPublishedOnceInVersionOrder() {
    Map<String, Object> todo = create("{\"title\": \"evented\"}", null);
    String id = (String) todo.get("id");
    http.patch()
        .uri("/todos/{id}", id)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"completed\": true}")
        .exchange()
        .expectStatus()
        .isOk();
    http.delete().uri("/todos/{id}", id).exchange().expectStatus().isNoContent();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(events(id)).hasSize(3));
    List<Map<String, String>> events = events(id);

    assertThat(events).extracting(e -> e.get("type"))
        .containsExactly("todo.created", "todo.updated", "todo.deleted");
    assertThat(events).extracting(e -> e.get("version")).containsExactly("1", "2", "3");
    assertThat(events.get(0).get("commandId")).isNotBlank();
    assertThat(Instant.parse(events.get(0).get("time"))).isNotNull();
  }

  @Test
  void deadLetteredCommandReportsReason() {
    String commandId = UUID.randomUUID().toString();
    Map<String, String> fields =
        CommandEntry.encode(
            CommandType.PATCH,
            commandId,
            "dead-letter-target",
            Instant.now(),
            JsonMapper.builder().build().createObjectNode().put("order", "not a number"));
    streams.commandStream(streams.partitionOf("dead-letter-target")).add(StreamAddArgs.entries(fields));

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                http.get()
                    .uri("/commands/{id}", commandId)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("dead-lettered")
                    .jsonPath("$.reason")
                    .value(reason -> assertThat((String) reason).contains("payload.order")));
  }

  private List<Map<String, String>> events(String todoId) {
    return eventLog
        .stream(eventLog.partitionOf(todoId))
        .range(StreamMessageId.MIN, StreamMessageId.MAX)
        .values()
        .stream()
        .filter(event -> todoId.equals(event.get("todoId")))
        .toList();
  }

  private Map<String, Object> create(String body, String session) {
    WebTestClient.RequestBodySpec request =
        http.post().uri("/todos").contentType(MediaType.APPLICATION_JSON);
    if (session != null) {
      request.header(TodoResourceController.SESSION_HEADER, session);
    }
    return request
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
        .returnResult()
        .getResponseBody();
  }

  private List<Map<String, Object>> list(String uri) {
    return http.get()
        .uri(uri)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(TODO_LIST)
        .returnResult()
        .getResponseBody();
  }
}
