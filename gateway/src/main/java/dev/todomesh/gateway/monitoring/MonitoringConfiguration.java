package dev.todomesh.gateway.monitoring;

import dev.todomesh.gateway.config.ConditionalOnRole;
import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.pump.CommandPump;
import dev.todomesh.gateway.stream.CommandStreams;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health indicators named {@code redis}, {@code temporal} and {@code pump} (pump role only),
 * which the readiness group includes, the backlog gauges and the command pipeline metrics.
 */
@Configuration(proxyBeanMethods = false)
class MonitoringConfiguration {

  /** How long one health check waits for Redis or Temporal before reporting it down. */
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

  @Bean
  RedisHealthIndicator redisHealthIndicator(CommandStreams streams) {
    return new RedisHealthIndicator(streams, CHECK_TIMEOUT);
  }

  @Bean
  TemporalHealthIndicator temporalHealthIndicator(
      WorkflowServiceStubs stubs, TodoMeshProperties properties) {
    return new TemporalHealthIndicator(stubs, properties.temporal().namespace(), CHECK_TIMEOUT);
  }

  @Bean
  @ConditionalOnRole(TodoMeshProperties.Role.PUMP)
  PumpHealthIndicator pumpHealthIndicator(CommandPump pump, CommandStreams streams) {
    return new PumpHealthIndicator(pump, streams, CHECK_TIMEOUT);
  }

  @Bean
  CommandMetrics commandMetrics(MeterRegistry registry) {
    return new CommandMetrics(registry, Clock.systemUTC());
  }

  @Bean
  BacklogMetrics backlogMetrics(CommandStreams streams) {
    return new BacklogMetrics(streams, Clock.systemUTC());
  }
}
