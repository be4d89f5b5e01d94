package dev.todomesh.gateway.security;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Limits each client to a steady request rate with a token bucket: a client is the
 * authenticated principal, or the remote address for anonymous requests. Health and info probes
 * are not limited.
 *
 * <p>NOTE: the buckets live in this process, so with several API replicas a client may send up
 * to the limit to each of them.
 */
final class RateLimitFilter implements WebFilter {

  /** Buckets kept before idle ones are dropped. */
  private static final int MAX_CLIENTS = 10_000;

  private final double tokensPerNano;
  private final int capacity;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimitFilter(ApiSecurityProperties.RateLimit settings, LongSupplier nanoTime) {
    this.tokensPerNano = settings.requestsPerSecond() / 1e9;
    this.capacity = settings.capacity();
    this.nanoTime = nanoTime;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().value();
    if (path.startsWith("/actuator/health") || path.equals("/actuator/info")) {
      return chain.filter(exchange);
    }
    return exchange
        .getPrincipal()
        .map(Principal::getName)
        .defaultIfEmpty(remoteAddress(exchange))
        .flatMap(
            client -> {
              if (tryAcquire(client)) {
                return chain.filter(exchange);
              }
              long retryAfter = Math.max(1, (long) Math.ceil(1 / (tokensPerNano * 1e9)));
              exchange.getResponse().getHeaders().set("Retry-After", Long.toString(retryAfter));
              return SecurityProblems.write(
                  exchange,
                  HttpStatus.TOO_MANY_REQUESTS,
                  "Too many requests",
                  "This client sent more requests than todo-mesh.security.rate-limit allows;"
                      + " retry after the number of seconds in Retry-After");
            });
  }

  boolean tryAcquire(String client) {
    long now = nanoTime.getAsLong();
    if (buckets.size() > MAX_CLIENTS) {
      buckets.values().removeIf(bucket -> bucket.isFullAt(now));
    }
    return buckets.computeIfAbsent(client, name -> new Bucket(now)).tryTake(now);
  }

  private static String remoteAddress(ServerWebExchange exchange) {
    InetSocketAddress address = exchange.getRequest().getRemoteAddress();
    return address == null ? "unknown" : address.getAddress().getHostAddress();
  }

  private final class Bucket {
    private double tokens = capacity;
    private long updatedAt;

    Bucket(long now) {
      this.updatedAt = now;
    }

    synchronized boolean tryTake(long now) {
      refill(now);
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }

    synchronized boolean isFullAt(long now) {
      refill(now);
      return tokens >= capacity;
    }

    private void refill(long now) {
      tokens = Math.min(capacity, tokens + (now - updatedAt) * tokensPerNano);
      updatedAt = now;
    }
  }
}
