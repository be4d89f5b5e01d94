package dev.todomesh.gateway.support;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** Stock Kafka producers for the tests that send records to the application's listener. */
public final class KafkaTestProducers {

  private KafkaTestProducers() {}

  /**
   * Creates a producer with string keys and values and timeouts short enough for a test. The
   * caller closes it.
   */
  public static KafkaProducer<String, String> create(
      String bootstrapServers, Map<String, String> overrides) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    config.putAll(overrides);
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }
}
