package dev.todomesh.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.todomesh.activities.status.CommandStatusStore;
import dev.todomesh.embedded.RedisServerExtension;
import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.stream.CommandIntake;
import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.gateway.support.TestProperties;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SASL/PLAIN authentication of the listener, with a stock KafkaProducer and a raw socket. */
class KafkaSaslTest {

  @RegisterExtension final RedisServerExtension redis = new RedisServerExtension();

  private KafkaServer server;

  @BeforeEach
  void startListener() {
    TodoMeshProperties properties =
        TestProperties.with(
            "kafka.port", "0",
            "kafka.sasl.enabled", "true",
            "kafka.sasl.users.alice", "alice-secret");
    CommandStreams streams = new CommandStreams(redis.client(), properties.streams());
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
  void validCredentialsCanProduce() throws Exception {
    try (KafkaProducer<String, String> producer = producer("alice", "alice-secret")) {
      RecordMetadata sent =
          producer
              .send(
                  new ProducerRecord<>(
                      "todo.commands", "sasl-todo", "{\"type\":\"upsert\",\"title\":\"t\"}"))
              .get();

      assertThat(sent.offset()).isZero();
    }
  }

  @Test
  void wrongPasswordFailsAuthentication() {
    try (KafkaProducer<String, String> producer = producer("alice", "wrong")) {
      assertThatThrownBy(() -> producer.partitionsFor("todo.commands"))
          .isInstanceOf(SaslAuthenticationException.class);
    }
  }

  @Test
  void requestBeforeAuthenticationClosesConnection() throws IOException {
    RequestHeader header = new RequestHeader(ApiKeys.METADATA, (short) 12, "sasl-test", 1);
    ByteBuffer body =
        RequestUtils.serialize(
            header.data(),
            header.headerVersion(),
            new MetadataRequestData().setTopics(null),
            (short) 12);

    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeInt(body.remaining());
      out.write(body.array(), body.arrayOffset() + body.position(), body.remaining());
      out.flush();

      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void bareTokenAfterHandshakeV0Authenticates() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      write(
          socket,
          request(ApiKeys.SASL_HANDSHAKE, (short) 0, new SaslHandshakeRequestData().setMechanism("PLAIN")));
      readFrame(socket);

      write(socket, "\0alice\0alice-secret".getBytes(StandardCharsets.UTF_8));
      byte[] token = readFrame(socket);
      write(socket, request(ApiKeys.METADATA, (short) 12, new MetadataRequestData().setTopics(null)));
      byte[] metadata = readFrame(socket);

      assertThat(token).isEmpty();
      assertThat(metadata).isNotEmpty();
    }
  }

  private static byte[] request(ApiKeys api, short version, ApiMessage data) {
    RequestHeader header = new RequestHeader(api, version, "sasl-test", 1);
    ByteBuffer body = RequestUtils.serialize(header.data(), header.headerVersion(), data, version);
    byte[] bytes = new byte[body.remaining()];
    body.get(bytes);
    return bytes;
  }

  private static void write(Socket socket, byte[] body) throws IOException {
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    out.writeInt(body.length);
    out.write(body);
    out.flush();
  }

  private static byte[] readFrame(Socket socket) throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] body = new byte[in.readInt()];
    in.readFully(body);
    return body;
  }

  private KafkaProducer<String, String> producer(String user, String password) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + server.port());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    config.put("security.protocol", "SASL_PLAINTEXT");
    config.put("sasl.mechanism", "PLAIN");
    config.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\";");
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  private CommandStatusStore statuses(TodoMeshProperties properties) {
    return new CommandStatusStore(
        redis.client(),
        properties.streams().prefix(),
        properties.readModel().retention(),
        Clock.systemUTC());
  }
}
