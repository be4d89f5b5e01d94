package dev.todomesh.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code todo-mesh}. Leaving {@code redis.url} or {@code temporal.target} empty
 * starts the embedded server for it.
 *
 * @param roles roles this process runs: any of {@code api}, {@code pump}, {@code worker}
 */
@Validated
@ConfigurationProperties("todo-mesh")
public record TodoMeshProperties(
    @DefaultValue({"api", "pump", "worker"}) Set<Role> roles,
    @DefaultValue Redis redis,
    @DefaultValue Temporal temporal,
    @DefaultValue Embedded embedded,
    @DefaultValue Streams streams,
    @DefaultValue Api api,
    @DefaultValue Pump pump,
    @DefaultValue Workflow workflow,
    @DefaultValue Kafka kafka,
    @DefaultValue ReadModel readModel,
    @DefaultValue Sessions sessions) {

  /** A part of the application that a process can run. */
  public enum Role {
    API,
    PUMP,
    WORKER
  }

  public boolean runs(Role role) {
    return roles.contains(role);
  }

  /**
   * Connection to Redis: a single server ({@code url}), a Sentinel group or a Cluster. With none
   * of them set the embedded Redis starts.
   *
   * @param url Redis URL such as {@code redis://host:6379}, or {@code rediss://} for TLS; empty
   *     starts embedded Redis unless Sentinel or Cluster nodes are set
   * @param username ACL user name; empty means the default user
   * @param password password of the user; prefer {@code password-file} so it stays out of the
   *     process environment
   * @param passwordFile file whose content, without surrounding whitespace, is the password
   * @param sentinel Sentinel settings; used when {@code sentinel.nodes} is not empty
   * @param cluster Cluster settings; used when {@code cluster.nodes} is not empty
   * @param tls trust and key stores for {@code rediss://} connections
   */
  public record Redis(
      @DefaultValue("") String url,
      @DefaultValue("") String username,
      @DefaultValue("") String password,
      Path passwordFile,
      @DefaultValue RedisSentinel sentinel,
      @DefaultValue RedisCluster cluster,
      @DefaultValue RedisTls tls) {

    public boolean isEmbedded() {
      return url.isBlank() && sentinel.nodes().isEmpty() && cluster.nodes().isEmpty();
    }

    /** Keeps the password out of logs and failure messages. */
    @Override
    public String toString() {
      return "Redis[url=" + url + ", username=" + username + ", sentinel=" + sentinel
          + ", cluster=" + cluster + "]";
    }
  }

  /**
   * @param masterName name of the monitored master, as in the Sentinel configuration
   * @param nodes Sentinel addresses such as {@code redis://sentinel-1:26379}
   * @param password password of the Sentinels themselves, if they require one
   */
  public record RedisSentinel(
      @DefaultValue("mymaster") String masterName,
      @DefaultValue List<String> nodes,
      @DefaultValue("") String password) {

    /** Keeps the password out of logs and failure messages. */
    @Override
    public String toString() {
      return "RedisSentinel[masterName=" + masterName + ", nodes=" + nodes + "]";
    }
  }

  /** @param nodes addresses of some Cluster nodes such as {@code redis://node-1:6379} */
  public record RedisCluster(@DefaultValue List<String> nodes) {}

  /**
   * @param trustStore trust store (PKCS12 or JKS) with the certificate authority of the Redis
   *     servers; empty means the JVM's default trust store
   * @param trustStorePassword password of the trust store
   * @param keyStore key store with a client certificate, for servers that require one
   * @param keyStorePassword password of the key store
   */
  public record RedisTls(
      Path trustStore, String trustStorePassword, Path keyStore, String keyStorePassword) {

    /** Keeps the passwords out of logs and failure messages. */
    @Override
    public String toString() {
      return "RedisTls[trustStore=" + trustStore + ", keyStore=" + keyStore + "]";
    }
  }

  /**
   * @param target Temporal frontend address {@code host:port}; empty starts the embedded test
   *     server
   * @param namespace Temporal namespace of the todo workflows
   * @param taskQueue task queue that workers poll and the pump starts workflows on
   * @param tls TLS and client certificates for the connection to the frontend
   * @param apiKey API key sent as a bearer token, as Temporal Cloud accepts; turns TLS on
   * @param apiKeyFile file whose content, without surrounding whitespace, is the API key
   */
  public record Temporal(
      @DefaultValue("") String target,
      @DefaultValue("default") String namespace,
      @DefaultValue("todo-mesh") String taskQueue,
      @DefaultValue TemporalTls tls,
      @DefaultValue("") String apiKey,
      Path apiKeyFile) {

    /** Keeps the API key out of logs and failure messages. */
    @Override
    public String toString() {
      return "Temporal[target=" + target + ", namespace=" + namespace + ", taskQueue="
          + taskQueue + ", tls=" + tls + "]";
    }

    public boolean isEmbedded() {
      return target.isBlank();
    }
  }

  /**
   * @param redisPort port of the embedded Redis server on 127.0.0.1
   * @param temporalPort port of the embedded Temporal test server, which listens on all interfaces
   * @param dataDir directory for the embedded Redis append-only file
   */
  public record Embedded(
      @DefaultValue("6380") int redisPort,
      @DefaultValue("7233") int temporalPort,
      @DefaultValue("./data") Path dataDir) {}

  /**
   * @param prefix prefix of every Redis key the application writes
   * @param partitions number of command streams; todo IDs are spread over them by hash, so the
   *     value must stay the same for the life of a deployment
   * @param maxBacklog entries per partition appended and not yet acknowledged, past which
   *     writes are rejected with 429
   */
  public record Streams(
      @DefaultValue("todo-mesh") String prefix,
      @DefaultValue("8") int partitions,
      @DefaultValue("100000") long maxBacklog) {}

  /**
   * @param maxBodySize largest request body the API accepts
   * @param idempotencyRetention how long an {@code Idempotency-Key} is remembered
   * @param writeWait how long a write waits for its command to be applied before it returns
   *     {@code 202 Accepted} instead
   * @param corsAllowedOrigins origins that browsers may call the API from, such as {@code
   *     https://todo.example.com}, or {@code *} for any; empty allows no cross-origin calls
   */
  public record Api(
      @DefaultValue("64KB") DataSize maxBodySize,
      @DefaultValue("24h") Duration idempotencyRetention,
      @DefaultValue("5s") Duration writeWait,
      @DefaultValue("") List<String> corsAllowedOrigins) {}

  /**
   * @param consumerGroup Redis consumer group that all pumps share
   * @param consumerName this pump's member and consumer name, unique among live pumps; empty
   *     means the host name with a random suffix
   * @param batchSize maximum entries read from one partition at a time
   * @param blockTimeout how long one read waits for new entries
   * @param dispatchConcurrency maximum signals in flight to Temporal at once, over all partitions
   * @param maxAttempts attempts for a signal that fails with a non-retryable error before its
   *     todo is parked; retryable errors such as an unreachable Temporal are retried until they
   *     succeed
   * @param initialBackoff first delay between two attempts
   * @param maxBackoff longest delay between two attempts
   * @param leaseTtl how long a partition lease lasts without renewal; a dead pump's partitions
   *     move to another pump after at most this long
   * @param recoveryInterval how often an owner scans the pending list for stale entries and
   *     trims acknowledged ones
   * @param recoveryMinIdle how long an entry must sit pending with another consumer before the
   *     scan claims it
   * @param retention how long acknowledged entries stay in the stream for audit
   */
  public record Pump(
      @DefaultValue("todo-mesh-pump") String consumerGroup,
      @DefaultValue("") String consumerName,
      @DefaultValue("256") int batchSize,
      @DefaultValue("1s") Duration blockTimeout,
      @DefaultValue("32") int dispatchConcurrency,
      @DefaultValue("5") int maxAttempts,
      @DefaultValue("100ms") Duration initialBackoff,
      @DefaultValue("10s") Duration maxBackoff,
      @DefaultValue("6s") Duration leaseTtl,
      @DefaultValue("30s") Duration recoveryInterval,
      @DefaultValue("60s") Duration recoveryMinIdle,
      @DefaultValue("1h") Duration retention) {}

  /**
   * @param enabled whether to connect with TLS; also on when a client certificate or an API key
   *     is set
   * @param clientCert PEM file with the client certificate chain, for mutual TLS
   * @param clientKey PEM file with the client certificate's PKCS #8 private key
   * @param caCert PEM file with the certificate authority of the frontend; empty means the JVM's
   *     default trust store
   * @param serverName host name expected in the frontend's certificate when it differs from the
   *     target's host
   */
  public record TemporalTls(
      @DefaultValue("false") boolean enabled,
      Path clientCert,
      Path clientKey,
      Path caCert,
      @DefaultValue("") String serverName) {}

  /** @param continueAsNewAfter applied commands after which a todo's workflow continues as new */
  public record Workflow(@DefaultValue("1000") int continueAsNewAfter) {}

  /**
   * @param enabled whether a process with the {@code api} role serves the Kafka protocol
   * @param host address the Kafka listener binds; empty means 127.0.0.1 with the embedded Redis
   *     and all interfaces otherwise
   * @param port TCP port of the Kafka listener; 0 picks a free one
   * @param advertisedHost host name that Metadata and FindCoordinator responses send to clients.
   *     Empty means the bound host, or this machine's host name when bound to all interfaces
   * @param maxRequestSize largest request frame; a larger frame closes the connection
   * @param maxBatchSize largest record batch of one partition in a Produce request
   * @param sasl client authentication with SASL/PLAIN
   */
  public record Kafka(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("") String host,
      @DefaultValue("9092") int port,
      @DefaultValue("") String advertisedHost,
      @DefaultValue("2MB") DataSize maxRequestSize,
      @DefaultValue("1MB") DataSize maxBatchSize,
      @DefaultValue KafkaSasl sasl) {}

  /**
   * @param enabled whether Kafka clients must authenticate with SASL/PLAIN before any other
   *     request
   * @param users passwords by user name, for example {@code todo-mesh.kafka.sasl.users.alice}
   */
  public record KafkaSasl(
      @DefaultValue("false") boolean enabled, @DefaultValue Map<String, String> users) {}

  /**
   * @param retention how long command statuses, and the version of a deleted todo, are kept
   *     after their last change
   */
  public record ReadModel(@DefaultValue("24h") Duration retention) {}

  /** @param idleTimeout time without commands after which a session expires */
  public record Sessions(@DefaultValue("30m") Duration idleTimeout) {}
}
