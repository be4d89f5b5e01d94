package dev.todomesh.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** The token bucket per client, with a clock the test moves. */
class RateLimitFilterTest {

  final AtomicLong nanos = new AtomicLong();

  final RateLimitFilter filter =
      new RateLimitFilter(new ApiSecurityProperties.RateLimit(2, 3), nanos::get);

  final WebFilterChain passed = exchange -> Mono.empty();

  MockServerWebExchange request(String path, String address) {
    return MockServerWebExchange.from(
        MockServerHttpRequest.get(path).remoteAddress(new InetSocketAddress(address, 40000)));
  }

  @Test
  void burstIsAllowedThenRejected() {
    for (int i = 0; i < 3; i++) {
      MockServerWebExchange allowed = request("/todos/a", "127.0.0.2");
      filter.filter(allowed, passed).block();
      assertThat(allowed.getResponse().getStatusCode()).isNull();
    }

    MockServerWebExchange rejected = request("/todos/a", "127.0.0.2");
    filter.filter(rejected, passed).block();

    assertThat(rejected.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(rejected.getResponse().getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(rejected.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
    assertThat(rejected.getResponse().getBodyAsString().block()).contains("\"status\":429");
  }

  @Test
  void tokensRefillAtSteadyRate() {
    for (int i = 0; i < 3; i++) {
      assertThat(filter.tryAcquire("client")).isTrue();
    }
    assertThat(filter.tryAcquire("client")).isFalse();

    nanos.addAndGet(500_000_000L);

    assertThat(filter.tryAcquire("client")).isTrue();
    assertThat(filter.tryAcquire("client")).isFalse();
  }

  @Test
  void clientsHaveSeparateBuckets() {
    for (int i = 0; i < 3; i++) {
      filter.tryAcquire("first");
    }

    assertThat(filter.tryAcquire("first")).isFalse();
    assertThat(filter.tryAcquire("second")).isTrue();
  }

  @Test
  void probesAreNotLimited() {
    for (int i = 0; i < 10; i++) {
      MockServerWebExchange probe = request("/actuator/health/readiness", "127.0.0.3");
      filter.filter(probe, passed).block();
      assertThat(probe.getResponse().getStatusCode()).isNull();
    }
  }
}
