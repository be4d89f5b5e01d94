package dev.todomesh.gateway.config;

import dev.todomesh.embedded.EmbeddedRedis;
import java.util.Locale;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Connects to the configured Redis, or starts the embedded one when no server is set. */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

  private static final Logger log = LoggerFactory.getLogger(RedisConfiguration.class);

  @Bean(destroyMethod = "close")
  @Conditional(EmbeddedRedisCondition.class)
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
    // Every partition reader holds one connection in a blocking read.
    int connections = Math.max(64, properties.streams().partitions() * 2 + 16);
    int minimumIdle = Math.min(8, properties.streams().partitions());
    Config config;
    if (embedded != null) {
      config = new Config();
      config
          .useSingleServer()
          .setAddress(embedded.url())
          .setConnectionPoolSize(connections)
          .setConnectionMinimumIdleSize(minimumIdle);
    } else {
      config = RedissonConfigs.external(properties.redis(), connections, minimumIdle);
    }
    log.info(
        "Connecting to Redis: mode={}",
        embedded != null
            ? "embedded"
            : RedissonConfigs.modeOf(properties.redis()).name().toLowerCase(Locale.ROOT));
    return Redisson.create(config);
  }

  /** Matches when no Redis URL, Sentinel nodes or Cluster nodes are set. */
  static final class EmbeddedRedisCondition implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return Binder.get(context.getEnvironment())
          .bind("todo-mesh", TodoMeshProperties.class)
          .map(properties -> properties.redis().isEmbedded())
          .orElse(true);
    }
  }
}
