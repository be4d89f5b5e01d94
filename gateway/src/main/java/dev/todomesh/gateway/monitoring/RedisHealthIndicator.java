package dev.todomesh.gateway.monitoring;

import dev.todomesh.gateway.stream.CommandStreams;
import java.time.Duration;
import org.redisson.client.codec.StringCodec;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * Reports Redis up when a command reaches it within the timeout. It reads one key of the first
 * partition, so the same check works for a single server, Sentinel and Cluster.
 */
final class RedisHealthIndicator implements ReactiveHealthIndicator {

  private final CommandStreams streams;
  private final Duration timeout;

  RedisHealthIndicator(CommandStreams streams, Duration timeout) {
    this.streams = streams;
    this.timeout = timeout;
  }

  @Override
  public Mono<Health> health() {
    return Mono.fromCompletionStage(
            () ->
                streams
                    .redisson()
                    .getBucket(streams.backlogKey(0), StringCodec.INSTANCE)
                    .isExistsAsync())
        .timeout(timeout)
        .map(exists -> Health.up().build())
        .onErrorResume(error -> Mono.just(Health.down().withDetail("error", describe(error)).build()));
  }

  static String describe(Throwable error) {
    if (error instanceof java.util.concurrent.TimeoutException) {
      return "no reply within the health check timeout";
    }
    return error.getClass().getSimpleName();
  }
}
