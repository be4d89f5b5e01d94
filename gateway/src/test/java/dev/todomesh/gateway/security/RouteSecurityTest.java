package dev.todomesh.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todomesh.gateway.support.EmbeddedPorts;
import dev.todomesh.gateway.support.TestHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * Authentication and roles on every route. The routes come from the handler mapping, so a route
 * added later is checked without changing this test.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "todo-mesh.pump.block-timeout=200ms",
      "todo-mesh.security.enabled=true",
      "todo-mesh.api.cors-allowed-origins=http://client.example"
    })
class RouteSecurityTest {

  static final String USER_KEY = "user-key-0123456789abcdef0123456789abcdef";
  static final String ADMIN_KEY = "admin-key-from-file-0123456789abcdef012345";
  static final String METRICS_KEY = "metrics-key-0123456789abcdef0123456789abcd";

  /** Routes that are served without credentials. */
  static final Set<String> PUBLIC_PATTERNS =
      Set.of("/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/{group}", "/inspect", "/inspect/");

  static final TestTokens TOKENS = new TestTokens();

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) throws IOException {
    EmbeddedPorts.register(registry);
    // Spring Boot binds a list from one property source only, so all keys are given here.
    Path keyFile = Files.createTempFile("admin-key", ".txt");
    Files.writeString(keyFile, ADMIN_KEY + "\n");
    registry.add("todo-mesh.security.api-keys[0].name", () -> "todo-app");
    registry.add("todo-mesh.security.api-keys[0].key", () -> USER_KEY);
    registry.add("todo-mesh.security.api-keys[0].roles", () -> "user");
    registry.add("todo-mesh.security.api-keys[1].name", () -> "operator");
    registry.add("todo-mesh.security.api-keys[1].key-file", keyFile::toString);
    registry.add("todo-mesh.security.api-keys[1].roles", () -> "admin");
    registry.add("todo-mesh.security.api-keys[2].name", () -> "prometheus");
    registry.add("todo-mesh.security.api-keys[2].key", () -> METRICS_KEY);
    registry.add("todo-mesh.security.api-keys[2].roles", () -> "metrics");
  }

  @TestConfiguration
  static class Jwt {
    @Bean
    ReactiveJwtDecoder jwtDecoder() {
      return TOKENS.decoder();
    }
  }

  @Value("${local.server.port}")
  int port;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping handlerMapping;

  WebTestClient http;

  @BeforeEach
  void connect() {
    http =
        TestHttp.client(port);
  }

  record Route(HttpMethod method, String pattern) {
    String path() {
      return Pattern.compile("\\{[^}]+}").matcher(pattern).replaceAll("abc");
    }

    boolean isAdmin() {
      return pattern.startsWith("/admin");
    }
  }

  List<Route> protectedRoutes() {
    List<Route> routes = new ArrayList<>();
    for (RequestMappingInfo info : handlerMapping.getHandlerMethods().keySet()) {
      for (var pattern : info.getPatternsCondition().getPatterns()) {
        if (PUBLIC_PATTERNS.contains(pattern.getPatternString())) {
          continue;
        }
        var methods = info.getMethodsCondition().getMethods();
        if (methods.isEmpty()) {
          routes.add(new Route(HttpMethod.GET, pattern.getPatternString()));
        }
        methods.forEach(
            method -> routes.add(new Route(method.asHttpMethod(), pattern.getPatternString())));
      }
    }
    return routes;
  }

  WebTestClient.ResponseSpec call(Route route, String header, String value) {
    var request = http.method(route.method()).uri(route.path());
    if (header != null) {
      request = request.header(header, value);
    }
    return request.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"title\":\"t\"}").exchange();
  }

  void expectProblem(WebTestClient.ResponseSpec response, int status, Route route) {
    response
        .expectStatus()
        .isEqualTo(status)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(status)
        .jsonPath("$.instance")
        .isEqualTo(route.path());
  }

  @Test
  void routesAreDiscovered() {
    List<Route> routes = protectedRoutes();

    assertThat(routes).extracting(Route::pattern).contains("/todos/{id}", "/admin/partitions");
  }

  @Test
  void everyRouteRejectsMissingCredentials() {
    for (Route route : protectedRoutes()) {
      var response = call(route, null, null);

      response.expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE);
      expectProblem(response, 401, route);
    }
  }

  @Test
  void everyRouteRejectsUnknownApiKey() {
    for (Route route : protectedRoutes()) {
      expectProblem(call(route, ApiKeyAuthentication.HEADER, USER_KEY + "x"), 401, route);
    }
  }

  @Test
  void everyRouteRejectsForgedToken() {
    String forged =
        TOKENS.sign(new TestTokens(), "mallory", List.of("admin"), Instant.now().plusSeconds(60));

    for (Route route : protectedRoutes()) {
      expectProblem(call(route, HttpHeaders.AUTHORIZATION, "Bearer " + forged), 401, route);
    }
  }

  @Test
  void everyRouteRejectsExpiredToken() {
    String expired =
        TOKENS.sign(TOKENS, "alice", List.of("admin"), Instant.now().minusSeconds(3600));

    for (Route route : protectedRoutes()) {
      expectProblem(call(route, HttpHeaders.AUTHORIZATION, "Bearer " + expired), 401, route);
    }
  }

  @Test
  void adminRoutesRejectUserRole() {
    String userToken = TOKENS.valid("alice", "user");

    for (Route route : protectedRoutes()) {
      if (route.isAdmin()) {
        expectProblem(call(route, ApiKeyAuthentication.HEADER, USER_KEY), 403, route);
        expectProblem(call(route, HttpHeaders.AUTHORIZATION, "Bearer " + userToken), 403, route);
      }
    }
  }

  @Test
  void everyRouteRejectsMetricsRole() {
    for (Route route : protectedRoutes()) {
      expectProblem(call(route, ApiKeyAuthentication.HEADER, METRICS_KEY), 403, route);
    }
  }

  @Test
  void everyRouteRejectsTokenWithoutRoles() {
    String token = TOKENS.valid("bob", "some-other-service");

    for (Route route : protectedRoutes()) {
      expectProblem(call(route, HttpHeaders.AUTHORIZATION, "Bearer " + token), 403, route);
    }
  }

  @Test
  void userKeyReachesTodoRoutes() {
    http.post()
        .uri("/todos/{id}", "secured")
        .header(ApiKeyAuthentication.HEADER, USER_KEY)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"title\": \"with a key\"}")
        .exchange()
        .expectStatus()
        .isAccepted();
  }

  @Test
  void userTokenReachesTodoRoutes() {
    http.post()
        .uri("/todos/{id}", "secured-jwt")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKENS.valid("alice", "user"))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"title\": \"with a token\"}")
        .exchange()
        .expectStatus()
        .isAccepted();
  }

  @Test
  void adminKeyFromFileReachesAdminRoutes() {
    http.get()
        .uri("/admin/partitions")
        .header(ApiKeyAuthentication.HEADER, ADMIN_KEY)
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void adminTokenReachesAdminRoutes() {
    http.get()
        .uri("/admin/partitions")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKENS.valid("carol", "admin"))
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void probesArePublic() {
    http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    http.get().uri("/actuator/info").exchange().expectStatus().isOk();
  }

  @Test
  void prometheusNeedsMetricsRole() {
    Route prometheus = new Route(HttpMethod.GET, "/actuator/prometheus");

    expectProblem(call(prometheus, null, null), 401, prometheus);
    expectProblem(call(prometheus, ApiKeyAuthentication.HEADER, USER_KEY), 403, prometheus);
    http.get()
        .uri("/actuator/prometheus")
        .header(ApiKeyAuthentication.HEADER, METRICS_KEY)
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void corsPreflightNeedsNoCredentials() {
    http.options()
        .uri("/todos")
        .header(HttpHeaders.ORIGIN, "http://client.example")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type, x-api-key, authorization")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://client.example")
        .expectHeader()
        .value(
            HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
            allowed ->
                assertThat(allowed.toLowerCase())
                    .contains("x-api-key")
                    .contains("authorization"));
  }

  @Test
  void corsPreflightOtherOriginRejected() {
    http.options()
        .uri("/todos")
        .header(HttpHeaders.ORIGIN, "http://elsewhere.example")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .exchange()
        .expectStatus()
        .isForbidden();
  }

  @Test
  void inspectorPagePublicDataProtected() {
    http.get().uri("/inspect").exchange().expectStatus().isOk();
    http.get().uri("/inspect/inspect.js").exchange().expectStatus().isOk();

    http.get().uri("/inspect/config").exchange().expectStatus().isUnauthorized();
    http.get()
        .uri("/inspect/config")
        .header(ApiKeyAuthentication.HEADER, ADMIN_KEY)
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void keysNeverReachTheLog(CapturedOutput output) {
    call(new Route(HttpMethod.GET, "/admin/partitions"), ApiKeyAuthentication.HEADER, USER_KEY);
    call(new Route(HttpMethod.GET, "/admin/partitions"), ApiKeyAuthentication.HEADER, "wrong-key");

    assertThat(output.getAll()).doesNotContain(USER_KEY, ADMIN_KEY, METRICS_KEY, "wrong-key");
  }
}
