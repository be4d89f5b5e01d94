package dev.todomesh.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todomesh.activities.status.CommandStatusStore;
import dev.todomesh.embedded.RedisServerExtension;
import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.stream.CommandIntake;
import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.gateway.support.TestProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.client.codec.StringCodec;

/** Produce against a full partition backlog, with the listener alone and no pump draining it. */
class KafkaBacklogTest {

  @RegisterExtension final RedisServerExtension redis = new RedisServerExtension();

  private KafkaServer server;
  private CommandStreams streams;

  @BeforeEach
  void startListener() {
    TodoMeshProperties properties =
        TestProperties.with("kafka.port", "0", "streams.max-backlog", "1");
    streams = new CommandStreams(redis.client(), properties.streams());
    server =
        new KafkaConfiguration()
            .kafkaServer(
                properties,
                redis.client(),
                new CommandIntake(streams, properties.streams(), properties.api()),
                statuses(properties),
                streams);
    server.start();
  }

  @AfterEach
  void stopListener() {
    server.stop();
  }

  @Test
  void fullBacklogDelaysRecordUntilDrained() throws Exception {
    int partition = streams.partitionOf("backlog-a");
    try (KafkaProducer<String, String> producer = producer()) {
      producer.send(upsert("backlog-a")).get();
      Future<RecordMetadata> waiting = producer.send(upsert("backlog-a"));

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> retries(producer) >= 1);
      assertThat(waiting).isNotDone();
      assertThat(streams.commandStream(partition).size()).isEqualTo(1);

      redis.client().getBucket(streams.backlogKey(partition), StringCodec.INSTANCE).set("0");
      RecordMetadata stored = waiting.get();

      assertThat(stored.offset()).isEqualTo(1);
      assertThat(streams.commandStream(partition).size()).isEqualTo(2);
    }
  }

  private static double retries(KafkaProducer<String, String> producer) {
    return producer.metrics().entrySet().stream()
        .filter(metric -> metric.getKey().name().equals("record-retry-total"))
        .filter(metric -> metric.getKey().group().equals("producer-metrics"))
        .mapToDouble(metric -> ((Number) metric.getValue().metricValue()).doubleValue())
        .sum();
  }

  private KafkaProducer<String, String> producer() {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + server.port());
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  private static ProducerRecord<String, String> upsert(String todoId) {
    return new ProducerRecord<>("todo.commands", todoId, "{\"type\":\"upsert\",\"title\":\"t\"}");
  }

  private CommandStatusStore statuses(TodoMeshProperties properties) {
    return new CommandStatusStore(
        redis.client(),
        properties.streams().prefix(),
        properties.readModel().retention(),
        Clock.systemUTC());
  }
}
