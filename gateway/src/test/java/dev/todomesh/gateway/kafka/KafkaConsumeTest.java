package dev.todomesh.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todomesh.activities.TodoPartitioner;
import dev.todomesh.activities.events.EventLog;
import dev.todomesh.gateway.config.TodoMeshProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;

/** Stock KafkaConsumers reading todo.events from the running application. */
class KafkaConsumeTest extends KafkaApplicationTest {

  private static final String TOPIC = "todo.events";

  @Autowired RedissonClient redisson;
  @Autowired TodoMeshProperties properties;

  private EventLog events;
  private final List<KafkaConsumer<String, String>> consumers = new ArrayList<>();

  @BeforeEach
  void openEventLog() {
    events =
        new EventLog(
            redisson,
            properties.streams().prefix(),
            new TodoPartitioner(properties.streams().partitions()));
  }

  @AfterEach
  void closeConsumers() {
    consumers.forEach(consumer -> consumer.close(Duration.ofSeconds(5)));
  }

  @Test
  void assignedConsumerReadsEvents() {
    String todoId = "assigned-" + UUID.randomUUID();
    long first = events.append(todoId, 1, Map.of("type", "todo.created", "title", "a"));
    long second = events.append(todoId, 2, Map.of("type", "todo.updated", "title", "b"));
    TopicPartition partition = new TopicPartition(TOPIC, events.partitionOf(todoId));
    KafkaConsumer<String, String> consumer = consumer(Map.of());

    consumer.assign(List.of(partition));
    consumer.seek(partition, first);
    List<ConsumerRecord<String, String>> records = pollUntil(consumer, 2);

    assertThat(records.get(0).offset()).isEqualTo(first);
    assertThat(records.get(1).offset()).isEqualTo(second);
    assertThat(records.get(0).key()).isEqualTo(todoId);
    assertThat(records.get(1).value())
        .contains("\"type\":\"todo.updated\"")
        .contains("\"version\":\"2\"");
  }

  @Test
  void listOffsetsReturnsLogBounds() {
    String todoId = "bounds-" + UUID.randomUUID();
    long offset = events.append(todoId, 1, Map.of("type", "todo.created"));
    TopicPartition partition = new TopicPartition(TOPIC, events.partitionOf(todoId));
    KafkaConsumer<String, String> consumer = consumer(Map.of());

    Map<TopicPartition, Long> beginning = consumer.beginningOffsets(List.of(partition));
    Map<TopicPartition, Long> end = consumer.endOffsets(List.of(partition));

    assertThat(beginning.get(partition)).isZero();
    assertThat(end.get(partition)).isEqualTo(offset + 1);
  }

  @Test
  void pollWaitsForEventsAppendedLater() {
    String todoId = "later-" + UUID.randomUUID();
    TopicPartition partition = new TopicPartition(TOPIC, events.partitionOf(todoId));
    KafkaConsumer<String, String> consumer = consumer(Map.of());
    consumer.assign(List.of(partition));
    consumer.seekToEnd(List.of(partition));
    consumer.position(partition);

    CompletableFuture.runAsync(
        () -> events.append(todoId, 1, Map.of("type", "todo.created")),
        CompletableFuture.delayedExecutor(300, java.util.concurrent.TimeUnit.MILLISECONDS));
    List<ConsumerRecord<String, String>> records = pollUntil(consumer, 1);

    assertThat(records.get(0).key()).isEqualTo(todoId);
  }

  @Test
  void groupMembersSharePartitions() {
    String group = "share-" + UUID.randomUUID();
    Set<String> todoIds = appendEvents(group, 40);

    List<KafkaConsumer<String, String>> members = groupOfTwoReading(group, todoIds);

    Set<TopicPartition> first = members.get(0).assignment();
    Set<TopicPartition> second = members.get(1).assignment();
    Set<TopicPartition> shared = new HashSet<>(first);
    shared.retainAll(second);
    assertThat(first).isNotEmpty();
    assertThat(second).isNotEmpty();
    assertThat(shared).isEmpty();
    assertThat(first.size() + second.size()).isEqualTo(properties.streams().partitions());
  }

  @Test
  void groupResumesFromCommittedOffsets() {
    String group = "resume-" + UUID.randomUUID();
    Set<String> todoIds = appendEvents(group, 40);
    List<KafkaConsumer<String, String>> members = groupOfTwoReading(group, todoIds);
    Map<TopicPartition, Long> positions = new HashMap<>();
    for (KafkaConsumer<String, String> member : members) {
      member.commitSync();
      member.assignment().forEach(partition -> positions.put(partition, member.position(partition)));
      member.close(Duration.ofSeconds(5));
    }
    consumers.clear();
    String later = group + "-later";
    long laterOffset = events.append(later, 1, Map.of("type", "todo.created"));

    KafkaConsumer<String, String> resumed = consumer(groupConfig(group));
    resumed.subscribe(List.of(TOPIC));
    List<ConsumerRecord<String, String>> records = pollUntil(resumed, 1);

    assertThat(records).hasSize(1);
    assertThat(records.get(0).key()).isEqualTo(later);
    assertThat(records.get(0).offset()).isEqualTo(laterOffset);
    Map<TopicPartition, OffsetAndMetadata> committed = resumed.committed(positions.keySet());
    positions.forEach(
        (partition, position) ->
            assertThat(committed.get(partition).offset())
                .as("committed offset of %s", partition)
                .isEqualTo(position));
  }

  private Set<String> appendEvents(String prefix, int count) {
    Set<String> todoIds = new HashSet<>();
    for (int i = 0; i < count; i++) {
      String todoId = prefix + "-todo-" + i;
      events.append(todoId, 1, Map.of("type", "todo.created"));
      todoIds.add(todoId);
    }
    return todoIds;
  }

  /**
   * Starts two members of {@code group} and polls both until the group covers every partition,
   * they have read every event of {@code todoIds}, and each member's position in each of its
   * partitions is at the partition's end.
   */
  private List<KafkaConsumer<String, String>> groupOfTwoReading(String group, Set<String> todoIds) {
    KafkaConsumer<String, String> first = consumer(groupConfig(group));
    KafkaConsumer<String, String> second = consumer(groupConfig(group));
    List<TopicPartition> partitions = new ArrayList<>();
    for (int partition = 0; partition < properties.streams().partitions(); partition++) {
      partitions.add(new TopicPartition(TOPIC, partition));
    }
    Map<TopicPartition, Long> endOffsets = first.endOffsets(partitions);
    first.subscribe(List.of(TOPIC));
    second.subscribe(List.of(TOPIC));
    Set<String> seen = new HashSet<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              for (KafkaConsumer<String, String> member : List.of(first, second)) {
                member.poll(Duration.ofMillis(100)).forEach(record -> seen.add(record.key()));
              }
              return !first.assignment().isEmpty()
                  && !second.assignment().isEmpty()
                  && seen.containsAll(todoIds)
                  && caughtUp(first, endOffsets)
                  && caughtUp(second, endOffsets);
            });
    return List.of(first, second);
  }

  private static boolean caughtUp(
      KafkaConsumer<String, String> member, Map<TopicPartition, Long> endOffsets) {
    return member.assignment().stream()
        .allMatch(partition -> member.position(partition) >= endOffsets.get(partition));
  }

  private static Map<String, String> groupConfig(String group) {
    return Map.of(
        ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "200",
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
  }

  private List<ConsumerRecord<String, String>> pollUntil(
      KafkaConsumer<String, String> consumer, int count) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              consumer.poll(Duration.ofMillis(200)).forEach(records::add);
              return records.size() >= count;
            });
    return records;
  }

  private KafkaConsumer<String, String> consumer(Map<String, String> overrides) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    config.putAll(overrides);
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    consumers.add(consumer);
    return consumer;
  }
}
