package dev.todomesh.gateway.api;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Absolute URLs of todos, built from the request's own URL. With {@code
 * server.forward-headers-strategy=framework}, Spring rewrites that URL from the {@code
 * Forwarded} and {@code X-Forwarded-*} headers first; by default those headers are ignored.
 */
final class TodoUrls {

  private TodoUrls() {}

  static String of(ServerHttpRequest request, String todoId) {
    return UriComponentsBuilder.fromUri(request.getURI())
        .replacePath(request.getPath().contextPath().value())
        .replaceQuery(null)
        .fragment(null)
        .pathSegment("todos", todoId)
        .build()
        .toUriString();
  }
}
