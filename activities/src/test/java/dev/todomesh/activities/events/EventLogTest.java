package dev.todomesh.activities.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todomesh.activities.TodoPartitioner;
import dev.todomesh.embedded.RedisServerExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.stream.StreamMessageId;

class EventLogTest {

  @RegisterExtension final RedisServerExtension redis = new RedisServerExtension();

  private EventLog log;

  @BeforeEach
  void createLog() {
    log = new EventLog(redis.client(), "test", new TodoPartitioner(1));
  }

  @Test
  void offsetsStartAtZeroAndGrowByOne() {
    long first = log.append("a", 1, Map.of("type", "todo.created"));
    long second = log.append("b", 1, Map.of("type", "todo.created"));
    long third = log.append("a", 2, Map.of("type", "todo.updated"));

    assertThat(first).isZero();
    assertThat(second).isEqualTo(1);
    assertThat(third).isEqualTo(2);
  }

  @Test
  void entryIdEncodesOffset() {
    long offset = log.append("a", 1, Map.of("type", "todo.created"));

    Map<StreamMessageId, Map<String, String>> entries =
        log.stream(0).range(EventLog.entryIdOf(offset), EventLog.entryIdOf(offset));

    assertThat(entries).hasSize(1);
    StreamMessageId id = entries.keySet().iterator().next();
    assertThat(EventLog.offsetOf(id)).isEqualTo(offset);
    assertThat(entries.get(id))
        .containsEntry("todoId", "a")
        .containsEntry("version", "1")
        .containsEntry("type", "todo.created");
  }

  @Test
  void repeatedVersionIsDropped() {
    log.append("a", 1, Map.of("type", "todo.created"));
    log.append("a", 2, Map.of("type", "todo.updated"));

    long retried = log.append("a", 2, Map.of("type", "todo.updated"));
    long older = log.append("a", 1, Map.of("type", "todo.created"));

    assertThat(retried).isEqualTo(-1);
    assertThat(older).isEqualTo(-1);
    assertThat(log.stream(0).size()).isEqualTo(2);
  }

  @Test
  void batchKeepsOrderSkipsLoggedVersions() {
    log.append("a", 2, Map.of("type", "todo.updated"));

    List<Long> offsets =
        log.appendAll(
            "a",
            List.of(
                new EventLog.Event(1, Map.of("type", "todo.created")),
                new EventLog.Event(2, Map.of("type", "todo.updated")),
                new EventLog.Event(3, Map.of("type", "todo.updated")),
                new EventLog.Event(4, Map.of("type", "todo.deleted"))));

    assertThat(offsets).containsExactly(-1L, -1L, 1L, 2L);
    assertThat(log.stream(0).range(StreamMessageId.MIN, StreamMessageId.MAX).values())
        .extracting(fields -> fields.get(EventLog.VERSION))
        .containsExactly("2", "3", "4");
  }

  @Test
  void appendAfterScriptFlushSucceeds() {
    log.appendAll("a", List.of(new EventLog.Event(1, Map.of("type", "todo.created"))));
    // A restarted or failed-over Redis has an empty script cache, as after this flush.
    redis.client().getScript().scriptFlush();

    List<Long> offsets =
        log.appendAll(
            "a",
            List.of(
                new EventLog.Event(2, Map.of("type", "todo.updated")),
                new EventLog.Event(3, Map.of("type", "todo.updated"))));

    assertThat(offsets).containsExactly(1L, 2L);
  }

  @Test
  void partitionMatchesKafkaDefaultPartitioner() {
    // Kafka's murmur2 of "todo-1" made positive, modulo 8, computed with kafka-clients' Utils.
    TodoPartitioner partitioner = new TodoPartitioner(8);

    assertThat(partitioner.partitionOf("todo-1"))
        .isEqualTo(
            org.apache.kafka.common.utils.Utils.toPositive(
                    org.apache.kafka.common.utils.Utils.murmur2("todo-1".getBytes()))
                % 8);
  }
}
