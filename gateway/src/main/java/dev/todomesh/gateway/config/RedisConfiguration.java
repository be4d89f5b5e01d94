package dev.todomesh.gateway.config;

import dev.todomesh.embedded.EmbeddedRedis;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Connects to the configured Redis, or starts the embedded one when no URL is set. */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

  private static final Logger log = LoggerFactory.getLogger(RedisConfiguration.class);

  @Bean(destroyMethod = "close")
  @ConditionalOnExpression("'${todo-mesh.redis.url:}'.isBlank()")
  EmbeddedRedis embeddedRedis(TodoMeshProperties properties) {
    TodoMeshProperties.Embedded embedded = properties.embedded();
    return EmbeddedRedis.start(
        embedded.redisPort(),
        embedded.dataDir().resolve("redis"),
        "todo-mesh.embedded.redis-port");
  }

  @Bean(destroyMethod = "shutdown")
  RedissonClient redissonClient(
      TodoMeshProperties properties, ObjectProvider<EmbeddedRedis> embeddedRedis) {
    EmbeddedRedis embedded = embeddedRedis.getIfAvailable();
    String url = embedded != null ? embedded.url() : properties.redis().url();
    Config config = new Config();
    config
        .useSingleServer()
        .setAddress(url)
        // Every partition reader holds one connection in a blocking read.
        .setConnectionPoolSize(Math.max(64, properties.streams().partitions() * 2 + 16))
        .setConnectionMinimumIdleSize(Math.min(8, properties.streams().partitions()));
    log.info("Connecting to Redis: mode={}", embedded != null ? "embedded" : "external");
    return Redisson.create(config);
  }
}
