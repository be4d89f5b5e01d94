package dev.todomesh.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.gateway.support.EmbeddedPorts;
import dev.todomesh.gateway.support.TestHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A corpus of malformed and oversized requests from authenticated clients: each gets a 4xx
 * status, never a 5xx, and no command reaches a stream.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"todo-mesh.pump.block-timeout=200ms", "todo-mesh.security.enabled=true"})
class MalformedRequestTest {

  static final String ADMIN_KEY = "malformed-admin-key-0123456789abcdef0123";

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    EmbeddedPorts.register(registry);
    registry.add("todo-mesh.security.api-keys[0].name", () -> "operator");
    registry.add("todo-mesh.security.api-keys[0].key", () -> ADMIN_KEY);
    registry.add("todo-mesh.security.api-keys[0].roles", () -> "admin");
  }

  @Value("${local.server.port}")
  int port;

  @Autowired CommandStreams streams;

  WebTestClient http;

  @BeforeEach
  void connect() {
    http =
        TestHttp.builder(port)
            .defaultHeader(ApiKeyAuthentication.HEADER, ADMIN_KEY)
            .build();
  }

  /** One bad request: a name for the failure message and how to send it. */
  record BadRequest(String name, Function<WebTestClient, WebTestClient.ResponseSpec> send) {}

  static BadRequest post(String name, String path, String contentType, byte[] body) {
    return new BadRequest(
        name,
        client ->
            client
                .post()
                .uri(path)
                .header("Content-Type", contentType)
                .bodyValue(body)
                .exchange());
  }

  static BadRequest postJson(String name, String path, String json) {
    return post(name, path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  static List<BadRequest> corpus() {
    List<BadRequest> corpus = new ArrayList<>();
    // Bodies that are not a valid upsert.
    corpus.add(postJson("truncated JSON", "/todos/a", "{\"title\":"));
    corpus.add(postJson("not JSON", "/todos/a", "title=milk"));
    corpus.add(postJson("JSON array", "/todos/a", "[\"milk\"]"));
    corpus.add(postJson("JSON null", "/todos/a", "null"));
    corpus.add(postJson("empty body", "/todos/a", ""));
    corpus.add(postJson("number title", "/todos/a", "{\"title\": 5}"));
    corpus.add(postJson("object title", "/todos/a", "{\"title\": {\"x\": 1}}"));
    corpus.add(postJson("string completed", "/todos/a", "{\"title\":\"t\",\"completed\":\"yes\"}"));
    corpus.add(postJson("unknown field", "/todos/a", "{\"title\":\"t\",\"owner\":\"x\"}"));
    corpus.add(postJson("blank title", "/todos/a", "{\"title\":\"   \"}"));
    corpus.add(postJson("missing title", "/todos/a", "{\"completed\":true}"));
    corpus.add(postJson("title too long", "/todos/a", "{\"title\":\"" + "x".repeat(1_001) + "\"}"));
    corpus.add(
        postJson(
            "deep nesting",
            "/todos/a",
            "{\"title\":\"t\",\"completed\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}"));
    corpus.add(
        postJson("body over the limit", "/todos/a", "{\"title\":\"" + "x".repeat(70_000) + "\"}"));
    corpus.add(
        post(
            "invalid UTF-8",
            "/todos/a",
            "application/json",
            new byte[] {'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));

    // Content types the API does not read.
    corpus.add(
        post("text content type", "/todos/a", "text/plain", "milk".getBytes(StandardCharsets.UTF_8)));
    corpus.add(post("XML content type", "/todos/a", "application/xml", "<t/>".getBytes(StandardCharsets.UTF_8)));

    // Todo IDs outside [A-Za-z0-9._~:-]{1,128}.
    corpus.add(postJson("ID with space", "/todos/a%20b", "{\"title\":\"t\"}"));
    corpus.add(postJson("ID with slash", "/todos/a%2Fb", "{\"title\":\"t\"}"));
    corpus.add(postJson("ID with dot dot slash", "/todos/..%2F..%2Fadmin", "{\"title\":\"t\"}"));
    corpus.add(postJson("ID too long", "/todos/" + "a".repeat(129), "{\"title\":\"t\"}"));
    corpus.add(postJson("ID with unicode", "/todos/%C3%A9", "{\"title\":\"t\"}"));
    corpus.add(postJson("empty ID", "/todos/", "{\"title\":\"t\"}"));

    // Headers and URLs.
    corpus.add(
        new BadRequest(
            "invalid Idempotency-Key",
            client ->
                client
                    .post()
                    .uri("/todos/a")
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("Idempotency-Key", "k".repeat(300))
                    .bodyValue("{\"title\":\"t\"}")
                    .exchange()));
    corpus.add(
        new BadRequest(
            "header over the limit",
            client ->
                client
                    .post()
                    .uri("/todos/a")
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("X-Padding", "p".repeat(20_000))
                    .bodyValue("{\"title\":\"t\"}")
                    .exchange()));
    corpus.add(
        new BadRequest(
            "URI over the limit",
            client -> client.get().uri("/todos/a?q=" + "q".repeat(20_000)).exchange()));
    corpus.add(
        new BadRequest(
            "unsupported method",
            client -> client.method(HttpMethod.PUT).uri("/todos/a").exchange()));
    corpus.add(
        new BadRequest(
            "unknown route", client -> client.get().uri("/no-such-route").exchange()));

    // Admin endpoints.
    corpus.add(
        new BadRequest(
            "dead letter limit zero",
            client -> client.get().uri("/admin/dead-letters?limit=0").exchange()));
    corpus.add(
        new BadRequest(
            "dead letter limit not a number",
            client -> client.get().uri("/admin/dead-letters?limit=many").exchange()));
    corpus.add(
        new BadRequest(
            "dead letter cursor invalid",
            client -> client.get().uri("/admin/dead-letters?after=abc").exchange()));
    corpus.add(
        new BadRequest(
            "redrive invalid entry ID",
            client -> client.post().uri("/admin/dead-letters/not-an-id/redrive").exchange()));
    corpus.add(
        new BadRequest(
            "redrive missing entry",
            client -> client.post().uri("/admin/dead-letters/1-1/redrive").exchange()));
    corpus.add(
        new BadRequest(
            "retry invalid todo ID",
            client -> client.post().uri("/admin/parked/a%20b/retry").exchange()));
    return corpus;
  }

  long queuedEntries() {
    long total = 0;
    for (int partition = 0; partition < streams.partitions(); partition++) {
      total += streams.commandStream(partition).size();
    }
    return total;
  }

  @Test
  void everyBadRequestGets4xx() {
    long before = queuedEntries();
    List<String> failures = new ArrayList<>();

    for (BadRequest request : corpus()) {
      EntityExchangeResult<byte[]> result =
          request.send().apply(http).expectBody().returnResult();
      int status = result.getStatus().value();
      if (status < 400 || status > 499) {
        failures.add(request.name() + ": status " + status);
      }
    }

    assertThat(failures).isEmpty();
    assertThat(queuedEntries()).isEqualTo(before);
  }

  /** Rejected by Reactor Netty before any Spring code runs, so they carry no body. */
  static final List<String> REJECTED_BY_SERVER = List.of("header over the limit", "URI over the limit");

  @Test
  void errorsAreProblemDetails() {
    List<String> failures = new ArrayList<>();

    for (BadRequest request : corpus()) {
      if (REJECTED_BY_SERVER.contains(request.name())) {
        continue;
      }
      EntityExchangeResult<byte[]> result =
          request.send().apply(http).expectBody().returnResult();
      MediaType type = result.getResponseHeaders().getContentType();
      if (!MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(type)) {
        failures.add(request.name() + ": status " + result.getStatus().value() + " type " + type);
      }
    }

    assertThat(failures).isEmpty();
  }
}
