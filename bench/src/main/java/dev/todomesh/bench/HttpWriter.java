package dev.todomesh.bench;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends {@code POST /todos/{id}} requests over a pool of keep-alive connections, with Reactor
 * Netty's client.
 *
 * <p>NOTE: the JDK's {@code java.net.http.HttpClient} was tried first and managed under 200
 * requests per second from 1 to 4 threads, and hung from 32 threads, against the same server
 * that wrk drove at thousands per second; it is not used for that reason.
 */
final class HttpWriter implements AutoCloseable {

  static final String BODY = "{\"title\": \"benchmark write\", \"completed\": false}";

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ConnectionProvider connections;
  private final HttpClient client;

  HttpWriter(String baseUrl, int maxConnections) {
    connections =
        ConnectionProvider.builder("bench-http")
            .maxConnections(maxConnections)
            .pendingAcquireMaxCount(-1)
            .build();
    client =
        HttpClient.create(connections)
            .baseUrl(baseUrl)
            .headers(headers -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
            .responseTimeout(TIMEOUT);
  }

  /** Returns the status code of an upsert of this todo, once the response has arrived. */
  Mono<Integer> upsert(String todoId) {
    return client
        .post()
        .uri("/todos/" + todoId)
        .send(ByteBufFlux.fromString(Mono.just(BODY)))
        .responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
        .switchIfEmpty(Mono.error(() -> new IllegalStateException("no response for " + todoId)));
  }

  /** Sends an upsert and waits for it; throws when the response is not {@code 202 Accepted}. */
  void upsertAndWait(String todoId) {
    Integer status = upsert(todoId).block(TIMEOUT.plusSeconds(1));
    if (status == null || status != 202) {
      throw new IllegalStateException("HTTP " + status + " for POST /todos/" + todoId);
    }
  }

  @Override
  public void close() {
    connections.dispose();
  }
}
