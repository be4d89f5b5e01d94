package dev.todomesh.gateway.kafka;

import dev.todomesh.activities.TodoPartitioner;
import dev.todomesh.activities.events.EventLog;
import dev.todomesh.activities.status.CommandStatusStore;
import dev.todomesh.gateway.config.ConditionalOnRole;
import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.stream.CommandIntake;
import dev.todomesh.gateway.stream.CommandStreams;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.redisson.api.RedissonClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Starts the Kafka listener in processes that run the {@code api} role. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(TodoMeshProperties.Role.API)
@ConditionalOnBooleanProperty(name = "todo-mesh.kafka.enabled", matchIfMissing = true)
class KafkaConfiguration {

  private static final int NODE_ID = 0;

  @Bean
  KafkaServer kafkaServer(
      TodoMeshProperties properties,
      RedissonClient redisson,
      CommandIntake intake,
      CommandStatusStore statuses,
      CommandStreams streams) {
    TodoMeshProperties.Kafka kafka = properties.kafka();
    String host = bindHost(properties);
    String prefix = properties.streams().prefix();
    SaslPlainAuthenticator sasl =
        new SaslPlainAuthenticator(kafka.sasl().enabled(), kafka.sasl().users());
    GroupCoordinator groups = new GroupCoordinator();
    EventLog events = new EventLog(redisson, prefix, new TodoPartitioner(streams.partitions()));
    return new KafkaServer(
        host,
        kafka.port(),
        kafka.maxRequestSize().toBytes(),
        boundPort -> {
          BrokerNode broker =
              new BrokerNode(NODE_ID, advertisedHost(kafka, host), boundPort, streams.partitions());
          return new RequestDispatcher(
              new ClusterHandler(broker, redisson, prefix),
              new ProduceHandler(
                  intake,
                  statuses,
                  streams,
                  broker,
                  kafka.maxBatchSize().toBytes(),
                  properties.api().maxBodySize().toBytes()),
              new FetchHandler(new EventReader(redisson, events), broker),
              groups,
              new CommittedOffsets(redisson, prefix),
              sasl);
        },
        groups::close);
  }

  private static String bindHost(TodoMeshProperties properties) {
    String host = properties.kafka().host();
    if (!host.isBlank()) {
      return host;
    }
    return properties.redis().isEmbedded() ? "127.0.0.1" : "0.0.0.0";
  }

  private static String advertisedHost(TodoMeshProperties.Kafka kafka, String bindHost) {
    if (!kafka.advertisedHost().isBlank()) {
      return kafka.advertisedHost();
    }
    if (!bindHost.equals("0.0.0.0") && !bindHost.equals("::")) {
      return bindHost;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(
          "cannot find this machine's host name; set todo-mesh.kafka.advertised-host", e);
    }
  }
}
