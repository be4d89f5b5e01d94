package dev.todomesh.gateway.security;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes rejections that happen before a controller runs (401, 403, 429) as RFC 9457 problem
 * details, like the errors of the controllers. The detail never repeats a credential.
 */
final class SecurityProblems {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String challenge;

  /** @param jwtEnabled whether to offer the Bearer scheme in {@code WWW-Authenticate} */
  SecurityProblems(boolean jwtEnabled) {
    this.challenge =
        jwtEnabled
            ? "Bearer, ApiKey header=\"" + ApiKeyAuthentication.HEADER + "\""
            : "ApiKey header=\"" + ApiKeyAuthentication.HEADER + "\"";
  }

  ServerAuthenticationEntryPoint entryPoint() {
    return (exchange, error) -> unauthorized(exchange, error);
  }

  ServerAccessDeniedHandler accessDeniedHandler() {
    return (exchange, error) ->
        write(
            exchange,
            HttpStatus.FORBIDDEN,
            "Forbidden",
            "The authenticated client lacks the role this request needs: "
                + requiredRole(exchange.getRequest().getPath().value()));
  }

  private Mono<Void> unauthorized(ServerWebExchange exchange, AuthenticationException error) {
    exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
    String detail =
        error.getMessage() != null && !(error instanceof
            org.springframework.security.authentication.AuthenticationCredentialsNotFoundException)
            ? "Authentication failed: " + error.getMessage()
            : "Authentication required: send an API key in the "
                + ApiKeyAuthentication.HEADER
                + " header or a bearer token in the Authorization header";
    return write(exchange, HttpStatus.UNAUTHORIZED, "Unauthorized", detail);
  }

  /** Writes a problem with the given status; also used by the rate limit. */
  static Mono<Void> write(
      ServerWebExchange exchange, HttpStatus status, String title, String detail) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", title);
    problem.put("status", status.value());
    problem.put("detail", detail);
    problem.put("instance", exchange.getRequest().getPath().value());
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    DataBuffer body =
        response.bufferFactory().wrap(JSON.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8));
    return response.writeWith(Mono.just(body));
  }

  private static String requiredRole(String path) {
    if (path.startsWith("/admin")) {
      return "admin";
    }
    if (path.startsWith("/actuator")) {
      return "admin or metrics";
    }
    return "user or admin";
  }
}
