package dev.todomesh.gateway.config;

import dev.todomesh.gateway.monitoring.CommandMetrics;
import dev.todomesh.gateway.stream.CommandIntake;
import dev.todomesh.gateway.stream.CommandStreams;
import org.redisson.api.RedissonClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StreamsConfiguration {

  @Bean
  CommandStreams commandStreams(RedissonClient redisson, TodoMeshProperties properties) {
    return new CommandStreams(redisson, properties.streams());
  }

  @Bean
  CommandIntake commandIntake(
      CommandStreams streams, TodoMeshProperties properties, CommandMetrics metrics) {
    return new CommandIntake(streams, properties.streams(), properties.api(), metrics);
  }
}
