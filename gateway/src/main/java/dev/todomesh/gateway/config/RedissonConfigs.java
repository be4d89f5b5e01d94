package dev.todomesh.gateway.config;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;

/** Builds the Redisson configuration for a single server, a Sentinel group or a Cluster. */
final class RedissonConfigs {

  private RedissonConfigs() {}

  /** The Redis deployment kinds that {@code todo-mesh.redis} can describe. */
  enum Mode {
    SINGLE,
    SENTINEL,
    CLUSTER
  }

  static Mode modeOf(TodoMeshProperties.Redis redis) {
    int configured =
        (redis.url().isBlank() ? 0 : 1)
            + (redis.sentinel().nodes().isEmpty() ? 0 : 1)
            + (redis.cluster().nodes().isEmpty() ? 0 : 1);
    if (configured > 1) {
      throw new IllegalArgumentException(
          "Set only one of todo-mesh.redis.url, todo-mesh.redis.sentinel.nodes and"
              + " todo-mesh.redis.cluster.nodes");
    }
    if (!redis.sentinel().nodes().isEmpty()) {
      return Mode.SENTINEL;
    }
    return redis.cluster().nodes().isEmpty() ? Mode.SINGLE : Mode.CLUSTER;
  }

  /**
   * Returns the configuration for an external Redis.
   *
   * @param connections connections per node that the partition readers need
   */
  static Config external(TodoMeshProperties.Redis redis, int connections, int minimumIdle) {
    Config config = new Config();
    BaseConfig<?> base =
        switch (modeOf(redis)) {
          case SINGLE ->
              config
                  .useSingleServer()
                  .setAddress(redis.url())
                  .setConnectionPoolSize(connections)
                  .setConnectionMinimumIdleSize(minimumIdle);
          case SENTINEL -> {
            TodoMeshProperties.RedisSentinel sentinel = redis.sentinel();
            var servers =
                config
                    .useSentinelServers()
                    .setMasterName(sentinel.masterName())
                    .setMasterConnectionPoolSize(connections)
                    .setMasterConnectionMinimumIdleSize(minimumIdle);
            sentinel.nodes().forEach(servers::addSentinelAddress);
            if (!sentinel.password().isBlank()) {
              servers.setSentinelPassword(sentinel.password());
            }
            yield servers;
          }
          case CLUSTER -> {
            var servers =
                config
                    .useClusterServers()
                    .setMasterConnectionPoolSize(connections)
                    .setMasterConnectionMinimumIdleSize(minimumIdle);
            redis.cluster().nodes().forEach(servers::addNodeAddress);
            yield servers;
          }
        };
    String password =
        Secrets.read(redis.password(), redis.passwordFile(), "todo-mesh.redis.password");
    if (password != null) {
      base.setPassword(password);
    }
    if (!redis.username().isBlank()) {
      base.setUsername(redis.username());
    }
    applyTls(base, redis.tls());
    return config;
  }

  private static void applyTls(BaseConfig<?> base, TodoMeshProperties.RedisTls tls) {
    if (tls.trustStore() != null) {
      base.setSslTruststore(toUrl(tls.trustStore()));
      base.setSslTruststorePassword(tls.trustStorePassword());
    }
    if (tls.keyStore() != null) {
      base.setSslKeystore(toUrl(tls.keyStore()));
      base.setSslKeystorePassword(tls.keyStorePassword());
    }
  }

  private static URL toUrl(Path path) {
    try {
      return path.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("Invalid store path '" + path + "': " + e.getMessage(), e);
    }
  }
}
