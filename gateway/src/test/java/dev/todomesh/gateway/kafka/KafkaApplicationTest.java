package dev.todomesh.gateway.kafka;

import dev.todomesh.gateway.support.EmbeddedPorts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that drive the whole application through Kafka clients. Subclasses share
 * one application context, so embedded Redis and Temporal start once for all of them.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "todo-mesh.pump.block-timeout=200ms")
abstract class KafkaApplicationTest {

  @DynamicPropertySource
  static void embeddedServers(DynamicPropertyRegistry registry) {
    EmbeddedPorts.register(registry);
  }

  @Value("${local.server.port}")
  int httpPort;

  @Autowired KafkaServer kafka;

  String bootstrapServers() {
    return "127.0.0.1:" + kafka.port();
  }
}
