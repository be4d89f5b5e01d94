package dev.todomesh.gateway.support;

import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** HTTP client settings shared by the tests that call a running application. */
public final class TestHttp {

  private TestHttp() {}

  /**
   * Returns a connector that opens a new connection for every request. The default one keeps
   * connections in a pool that every test class of the JVM shares, so a connection left from
   * one application context could be handed to a request for the next.
   */
  public static ClientHttpConnector connector() {
    return new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection()));
  }
}
