package dev.todomesh.gateway.pump;

import dev.todomesh.gateway.config.ConditionalOnRole;
import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.monitoring.CommandMetrics;
import dev.todomesh.gateway.stream.CommandStreams;
import io.temporal.client.WorkflowClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PumpConfiguration {

  @Bean
  @ConditionalOnRole(TodoMeshProperties.Role.PUMP)
  CommandPump commandPump(
      CommandStreams streams,
      WorkflowClient client,
      TodoMeshProperties properties,
      CommandMetrics metrics,
      SignalTracing tracing) {
    return new CommandPump(streams, client, properties, metrics, tracing);
  }
}
