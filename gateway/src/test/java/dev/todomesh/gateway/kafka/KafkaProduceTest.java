package dev.todomesh.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.todomesh.gateway.stream.CommandBatchAppender;
import dev.todomesh.gateway.stream.CommandEntry;
import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.gateway.support.KafkaTestProducers;
import dev.todomesh.gateway.support.TestHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.api.stream.StreamMessageId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A stock KafkaProducer against the running application with embedded Redis and Temporal. */
class KafkaProduceTest extends KafkaApplicationTest {

  @Autowired CommandStreams streams;

  private final List<KafkaProducer<String, String>> producers = new ArrayList<>();

  @AfterEach
  void closeProducers() {
    producers.forEach(producer -> producer.close(Duration.ofSeconds(5)));
  }

  @Test
  void producedCommandsAreAppliedToTheirTodos() throws Exception {
    KafkaProducer<String, String> producer = producer(Map.of());

    producer.send(upsert("kafka-milk", "buy milk", false)).get();
    producer.send(upsert("kafka-milk", "buy milk", true)).get();
    producer.send(upsert("kafka-bread", "buy bread", false)).get();

    WebTestClient http =
        TestHttp.client(httpPort);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                http.get()
                    .uri("/todos/kafka-milk")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.completed")
                    .isEqualTo(true)
                    .jsonPath("$.version")
                    .isEqualTo(2));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                http.get()
                    .uri("/todos/kafka-bread")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.title")
                    .isEqualTo("buy bread"));
  }

  @ParameterizedTest(name = "compression {0}")
  @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
  void compressedBatchIsStoredWithItsOffset(String compression) throws Exception {
    KafkaProducer<String, String> producer =
        producer(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression));
    String todoId = "compressed-" + compression;

    RecordMetadata sent = producer.send(upsert(todoId, "title " + compression, false)).get();

    assertThat(sent.partition()).isEqualTo(streams.partitionOf(todoId));
    assertThat(entryWithOffset(sent.partition(), sent.offset()))
        .containsEntry(CommandEntry.TODO_ID, todoId)
        .containsEntry(CommandEntry.TYPE, "upsert");
  }

  @Test
  void batchOffsetsAreContiguous() throws Exception {
    KafkaProducer<String, String> producer =
        producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, "500"));
    List<Future<RecordMetadata>> sends = new ArrayList<>();

    for (int i = 0; i < 5; i++) {
      sends.add(producer.send(upsert("contiguous", "title " + i, false)));
    }
    producer.flush();

    long first = sends.get(0).get().offset();
    for (int i = 0; i < sends.size(); i++) {
      assertThat(sends.get(i).get().offset()).isEqualTo(first + i);
    }
  }

  @Test
  void invalidRecordFailsItsWholeBatch() throws Exception {
    KafkaProducer<String, String> producer =
        producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, "500"));
    int partition = streams.partitionOf("mixed-batch");
    long lengthBefore = streams.commandStream(partition).size();

    Future<RecordMetadata> valid = producer.send(upsert("mixed-batch", "fine", false));
    Future<RecordMetadata> invalid =
        producer.send(new ProducerRecord<>("todo.commands", "mixed-batch", "{\"type\":\"upsert\"}"));
    producer.flush();

    assertThatThrownBy(invalid::get)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("title must be a non-blank string");
    assertThatThrownBy(valid::get).isInstanceOf(ExecutionException.class);
    assertThat(streams.commandStream(partition).size()).isEqualTo(lengthBefore);
  }

  @Test
  void commandIdHeaderNamesTheCommand() throws Exception {
    KafkaProducer<String, String> producer = producer(Map.of());
    ProducerRecord<String, String> record = upsert("kafka-tracked", "follow me", false);
    record.headers().add("command-id", "order-42-create".getBytes(StandardCharsets.UTF_8));

    producer.send(record).get();

    WebTestClient http =
        TestHttp.client(httpPort);
    http.get()
        .uri("/commands/order-42-create")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.todoId")
        .isEqualTo("kafka-tracked")
        .jsonPath("$.status")
        .value(status -> assertThat((String) status).isIn("accepted", "dispatched", "applied"));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                http.get()
                    .uri("/commands/order-42-create")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("applied"));
  }

  @Test
  void invalidCommandIdHeaderIsRejected() {
    KafkaProducer<String, String> producer = producer(Map.of());
    ProducerRecord<String, String> record = upsert("kafka-bad-id", "title", false);
    record.headers().add("command-id", "not valid!".getBytes(StandardCharsets.UTF_8));

    Future<RecordMetadata> sent = producer.send(record);

    assertThatThrownBy(sent::get)
        .cause()
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("header command-id is not a valid command ID");
  }

  @Test
  void recordWithoutValidKeyIsRejected() {
    KafkaProducer<String, String> producer = producer(Map.of());

    Future<RecordMetadata> sent =
        producer.send(
            new ProducerRecord<>("todo.commands", 0, "bad key!", command("title", false)));

    assertThatThrownBy(sent::get)
        .cause()
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("key is not a valid todo ID");
  }

  @Test
  void oversizedValueIsRejected() {
    KafkaProducer<String, String> producer = producer(Map.of());
    String title = "x".repeat(70_000);

    Future<RecordMetadata> sent = producer.send(upsert("too-large", title, false));

    assertThatThrownBy(sent::get).cause().isInstanceOf(RecordTooLargeException.class);
  }

  @Test
  void producingToEventsIsRejected() {
    KafkaProducer<String, String> producer =
        producer(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000"));

    Future<RecordMetadata> sent =
        producer.send(new ProducerRecord<>("todo.events", "milk", command("t", false)));

    assertThatThrownBy(sent::get).cause().isInstanceOf(TopicAuthorizationException.class);
  }

  private Map<String, String> entryWithOffset(int partition, long offset) {
    return streams.commandStream(partition).range(StreamMessageId.MIN, StreamMessageId.MAX)
        .values()
        .stream()
        .filter(fields -> Long.toString(offset).equals(fields.get(CommandBatchAppender.OFFSET)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no entry with offset " + offset));
  }

  private KafkaProducer<String, String> producer(Map<String, String> overrides) {
    KafkaProducer<String, String> producer =
        KafkaTestProducers.create(bootstrapServers(), overrides);
    producers.add(producer);
    return producer;
  }

  private static ProducerRecord<String, String> upsert(String todoId, String title, boolean done) {
    return new ProducerRecord<>("todo.commands", todoId, command(title, done));
  }

  private static String command(String title, boolean completed) {
    return "{\"type\":\"upsert\",\"title\":\"" + title + "\",\"completed\":" + completed + "}";
  }
}
