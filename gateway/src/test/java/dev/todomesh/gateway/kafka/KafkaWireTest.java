package dev.todomesh.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.todomesh.activities.status.CommandStatusStore;
import dev.todomesh.embedded.PortInUseException;
import dev.todomesh.embedded.RedisServerExtension;
import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.stream.CommandIntake;
import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.gateway.support.TestProperties;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Random;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The listener at the frame level, with hand-made requests: malformed frames, version
 * fallbacks, unsupported APIs and response order. Runs the listener alone on a real Redis.
 */
class KafkaWireTest {

  @RegisterExtension final RedisServerExtension redis = new RedisServerExtension();

  private KafkaServer server;
  private CommandStreams streams;

  @BeforeEach
  void startListener() {
    TodoMeshProperties properties =
        TestProperties.with("kafka.port", "0", "kafka.max-request-size", "64KB");
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
  void randomBytesCloseOnlyTheirConnection() throws IOException {
    byte[] garbage = new byte[200];
    new Random(7).nextBytes(garbage);

    try (Socket bad = connect(); Socket good = connect()) {
      write(bad, lengthPrefixed(garbage));

      assertClosed(bad);
      assertThat(apiVersions(good).errorCode()).isEqualTo(Errors.NONE.code());
    }
  }

  @Test
  void truncatedFrameClosesConnection() throws IOException {
    ByteBuffer metadata =
        request(ApiKeys.METADATA, (short) 12, 1, new MetadataRequestData().setTopics(null));
    byte[] truncated = new byte[metadata.remaining() - 3];
    metadata.get(truncated);

    try (Socket socket = connect()) {
      write(socket, lengthPrefixed(truncated));

      assertClosed(socket);
    }
    assertServing();
  }

  @Test
  void hugeLengthPrefixClosesConnection() throws IOException {
    try (Socket socket = connect()) {
      write(socket, ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array());

      assertClosed(socket);
    }
    assertServing();
  }

  @Test
  void negativeLengthPrefixClosesConnection() throws IOException {
    try (Socket socket = connect()) {
      write(socket, ByteBuffer.allocate(8).putInt(-5).putInt(0).array());

      assertClosed(socket);
    }
    assertServing();
  }

  @Test
  void unknownApiKeyClosesConnection() throws IOException {
    byte[] header =
        ByteBuffer.allocate(10)
            .putShort((short) 999)
            .putShort((short) 0)
            .putInt(1)
            .putShort((short) -1)
            .array();

    try (Socket socket = connect()) {
      write(socket, lengthPrefixed(header));

      assertClosed(socket);
    }
    assertServing();
  }

  @Test
  void unknownApiVersionsVersionGetsV0Response() throws IOException {
    ByteBuffer body = request(ApiKeys.API_VERSIONS, (short) 4, 42, new ApiVersionsRequestData());
    body.putShort(2, (short) 99);

    try (Socket socket = connect()) {
      write(socket, lengthPrefixed(toArray(body)));
      ByteBuffer response = readFrame(socket);

      ResponseHeader header = ResponseHeader.parse(response, (short) 0);
      ApiVersionsResponseData data =
          (ApiVersionsResponseData)
              AbstractResponse.parseResponse(
                      ApiKeys.API_VERSIONS, new ByteBufferAccessor(response), (short) 0)
                  .data();
      assertThat(header.correlationId()).isEqualTo(42);
      assertThat(data.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
      assertThat(data.apiKeys().find(ApiKeys.PRODUCE.id)).isNotNull();
    }
  }

  @Test
  void unsupportedApiGetsErrorResponse() throws IOException {
    CreateTopicsRequestData createTopics = new CreateTopicsRequestData();
    createTopics.topics().add(new CreateTopicsRequestData.CreatableTopic().setName("other"));

    try (Socket socket = connect()) {
      write(socket, frame(ApiKeys.CREATE_TOPICS, (short) 5, 3, createTopics));
      CreateTopicsResponseData data =
          (CreateTopicsResponseData) readResponse(socket, ApiKeys.CREATE_TOPICS, (short) 5);

      assertThat(data.topics().find("other").errorCode())
          .isEqualTo(Errors.UNSUPPORTED_VERSION.code());
    }
    assertServing();
  }

  @Test
  void produceWithoutAcksGetsNoResponse() throws IOException {
    ProduceRequestData produce = new ProduceRequestData().setAcks((short) 0).setTimeoutMs(1000);
    ProduceRequestData.TopicProduceData topic =
        new ProduceRequestData.TopicProduceData().setName("todo.commands");
    topic
        .partitionData()
        .add(
            new ProduceRequestData.PartitionProduceData()
                .setIndex(streams.partitionOf("quiet"))
                .setRecords(
                    MemoryRecords.withRecords(
                        Compression.NONE,
                        new SimpleRecord(
                            bytes("quiet"),
                            bytes("{\"type\":\"upsert\",\"title\":\"no acks\"}")))));
    produce.topicData().add(topic);

    try (Socket socket = connect()) {
      write(socket, frame(ApiKeys.PRODUCE, (short) 9, 1, produce));
      write(socket, frame(ApiKeys.API_VERSIONS, (short) 3, 2, new ApiVersionsRequestData()));
      ByteBuffer response = readFrame(socket);

      assertThat(response.getInt(0)).isEqualTo(2);
    }
    assertThat(streams.commandStream(streams.partitionOf("quiet")).size()).isEqualTo(1);
  }

  @Test
  void pipelinedResponsesKeepRequestOrder() throws IOException {
    try (Socket socket = connect()) {
      for (int correlationId = 1; correlationId <= 6; correlationId++) {
        ApiMessage request =
            correlationId % 2 == 0
                ? new ApiVersionsRequestData()
                : new MetadataRequestData().setTopics(null);
        ApiKeys api = correlationId % 2 == 0 ? ApiKeys.API_VERSIONS : ApiKeys.METADATA;
        write(socket, frame(api, (short) 3, correlationId, request));
      }

      for (int expected = 1; expected <= 6; expected++) {
        assertThat(readFrame(socket).getInt(0)).isEqualTo(expected);
      }
    }
  }

  @Test
  void portInUseFailsStartWithSettingName() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      TodoMeshProperties properties =
          TestProperties.with("kafka.port", Integer.toString(taken.getLocalPort()));
      KafkaServer second =
          new KafkaConfiguration()
              .kafkaServer(
                properties,
                redis.client(),
                new CommandIntake(streams, properties.streams(), properties.api()),
                statuses(properties),
                streams);

      assertThatThrownBy(second::start)
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining("port " + taken.getLocalPort())
          .hasMessageContaining("todo-mesh.kafka.port");
    }
  }

  private void assertServing() throws IOException {
    try (Socket socket = connect()) {
      assertThat(apiVersions(socket).errorCode()).isEqualTo(Errors.NONE.code());
    }
  }

  private static ApiVersionsResponseData apiVersions(Socket socket) throws IOException {
    write(socket, frame(ApiKeys.API_VERSIONS, (short) 3, 9, new ApiVersionsRequestData()));
    return (ApiVersionsResponseData) readResponse(socket, ApiKeys.API_VERSIONS, (short) 3);
  }

  private static ApiMessage readResponse(Socket socket, ApiKeys api, short version)
      throws IOException {
    ByteBuffer response = readFrame(socket);
    ResponseHeader.parse(response, api.responseHeaderVersion(version));
    return AbstractResponse.parseResponse(api, new ByteBufferAccessor(response), version).data();
  }

  private static void assertClosed(Socket socket) throws IOException {
    try {
      assertThat(socket.getInputStream().read()).as("read after close").isEqualTo(-1);
    } catch (SocketException e) {
      assertThat(e.getMessage()).containsIgnoringCase("reset");
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port());
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static byte[] frame(ApiKeys api, short version, int correlationId, ApiMessage data) {
    return lengthPrefixed(toArray(request(api, version, correlationId, data)));
  }

  private static ByteBuffer request(ApiKeys api, short version, int correlationId, ApiMessage data) {
    RequestHeader header = new RequestHeader(api, version, "wire-test", correlationId);
    return RequestUtils.serialize(header.data(), header.headerVersion(), data, version);
  }

  private static byte[] lengthPrefixed(byte[] body) {
    return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  private static void write(Socket socket, byte[] bytes) throws IOException {
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    out.write(bytes);
    out.flush();
  }

  private static ByteBuffer readFrame(Socket socket) throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    int length = in.readInt();
    byte[] body = new byte[length];
    in.readFully(body);
    return ByteBuffer.wrap(body);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private CommandStatusStore statuses(TodoMeshProperties properties) {
    return new CommandStatusStore(
        redis.client(),
        properties.streams().prefix(),
        properties.readModel().retention(),
        Clock.systemUTC());
  }
}
