package dev.todomesh.gateway.config;

import dev.todomesh.activities.TodoPartitioner;
import dev.todomesh.activities.events.EventLog;
import dev.todomesh.activities.readmodel.TodoReadModel;
import dev.todomesh.activities.status.CommandStatusStore;
import dev.todomesh.embedded.EmbeddedTemporal;
import java.time.Clock;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Redis views that activities write and the API reads: todos, command statuses, events. */
@Configuration(proxyBeanMethods = false)
class ReadModelConfiguration {

  /**
   * Runs before the read model, statuses and events are used, and only in the process that
   * started the embedded Temporal test server.
   */
  @Bean
  WorkflowOutputsReset workflowOutputsReset(
      RedissonClient redisson,
      TodoMeshProperties properties,
      ObjectProvider<EmbeddedTemporal> embeddedTemporal) {
    WorkflowOutputsReset reset = new WorkflowOutputsReset(redisson, properties.streams().prefix());
    if (embeddedTemporal.getIfAvailable() != null) {
      reset.reset();
    }
    return reset;
  }

  @Bean
  TodoReadModel todoReadModel(RedissonClient redisson, TodoMeshProperties properties) {
    return new TodoReadModel(
        redisson, properties.streams().prefix(), properties.readModel().retention());
  }

  @Bean
  CommandStatusStore commandStatusStore(RedissonClient redisson, TodoMeshProperties properties) {
    return new CommandStatusStore(
        redisson,
        properties.streams().prefix(),
        properties.readModel().retention(),
        Clock.systemUTC());
  }

  @Bean
  EventLog eventLog(RedissonClient redisson, TodoMeshProperties properties) {
    return new EventLog(
        redisson,
        properties.streams().prefix(),
        new TodoPartitioner(properties.streams().partitions()));
  }
}
