package dev.todomesh.gateway.support;

import java.time.Duration;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** HTTP clients for the tests that call a running application on 127.0.0.1. */
public final class TestHttp {

  /**
   * Time a request may take. The first requests to a fresh context can take longer than the
   * client's default 5 s on a busy machine.
   */
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

  private TestHttp() {}

  /** Returns a client for the application on {@code port}. */
  public static WebTestClient client(int port) {
    return builder(port).build();
  }

  /** Returns a client builder for the application on {@code port}, for further settings. */
  public static WebTestClient.Builder builder(int port) {
    return WebTestClient.bindToServer(connector())
        .baseUrl("http://127.0.0.1:" + port)
        .responseTimeout(RESPONSE_TIMEOUT);
  }

  /**
   * Returns a connector that opens a new connection for every request. The default one keeps
   * connections in a pool that every test class of the JVM shares, so a connection left from
   * one application context could be handed to a request for the next.
   */
  public static ClientHttpConnector connector() {
    return new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection()));
  }
}
