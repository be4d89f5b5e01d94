package dev.todomesh.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todomesh.embedded.RedisServerExtension;
import dev.todomesh.gateway.stream.CommandBatchAppender.Batch;
import dev.todomesh.gateway.stream.CommandBatchAppender.Outcome;
import dev.todomesh.gateway.stream.CommandBatchAppender.Result;
import dev.todomesh.gateway.support.TestProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

/** Offsets and idempotent-producer checks of batch appends, against a real Redis server. */
class CommandBatchAppenderTest {

  @RegisterExtension final RedisServerExtension redis = new RedisServerExtension();

  private CommandStreams streams;
  private CommandBatchAppender appender;

  @BeforeEach
  void createAppender() {
    streams = new CommandStreams(redis.client(), TestProperties.with("streams.partitions", "1").streams());
    appender = new CommandBatchAppender(streams, 10);
  }

  @Test
  void offsetsContinueAcrossBatches() {
    Result first = append(new Batch(0, -1, (short) 0, 0, commands(3)));
    Result second = append(new Batch(0, -1, (short) 0, 0, commands(2)));

    assertThat(first.baseOffset()).isZero();
    assertThat(second.baseOffset()).isEqualTo(3);
    assertThat(offsetsInStream()).containsExactly("0", "1", "2", "3", "4");
  }

  @Test
  void appendedBatchReturnsEntryIds() {
    Result result = append(new Batch(0, -1, (short) 0, 0, commands(3)));

    List<String> stored =
        streams.commandStream(0).range(StreamMessageId.MIN, StreamMessageId.MAX).keySet().stream()
            .map(StreamMessageId::toString)
            .toList();
    assertThat(result.entryIds()).containsExactlyElementsOf(stored);
  }

  @Test
  void retriedBatchGetsOriginalOffset() {
    append(new Batch(0, 7, (short) 0, 0, commands(2)));
    Result original = append(new Batch(0, 7, (short) 0, 2, commands(3)));

    Result retried = append(new Batch(0, 7, (short) 0, 2, commands(3)));

    assertThat(retried.outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(retried.baseOffset()).isEqualTo(original.baseOffset());
    assertThat(streams.commandStream(0).size()).isEqualTo(5);
  }

  @Test
  void sequenceGapIsRejected() {
    append(new Batch(0, 7, (short) 0, 0, commands(2)));

    Result gap = append(new Batch(0, 7, (short) 0, 5, commands(1)));

    assertThat(gap.outcome()).isEqualTo(Outcome.OUT_OF_ORDER_SEQUENCE);
    assertThat(streams.commandStream(0).size()).isEqualTo(2);
  }

  @Test
  void newProducerMustStartAtSequenceZero() {
    Result result = append(new Batch(0, 8, (short) 0, 3, commands(1)));

    assertThat(result.outcome()).isEqualTo(Outcome.OUT_OF_ORDER_SEQUENCE);
  }

  @Test
  void olderEpochIsRejected() {
    append(new Batch(0, 9, (short) 2, 0, commands(1)));

    Result stale = append(new Batch(0, 9, (short) 1, 1, commands(1)));

    assertThat(stale.outcome()).isEqualTo(Outcome.INVALID_PRODUCER_EPOCH);
  }

  @Test
  void appendRaisesBacklog() {
    append(new Batch(0, -1, (short) 0, 0, commands(3)));

    assertThat(backlog()).isEqualTo("3");
  }

  @Test
  void fullBacklogRejectsBatch() {
    redis.client().getBucket(streams.backlogKey(0), StringCodec.INSTANCE).set("10");

    Result result = append(new Batch(0, -1, (short) 0, 0, commands(1)));

    assertThat(result.outcome()).isEqualTo(Outcome.BACKLOG_FULL);
    assertThat(streams.commandStream(0).size()).isZero();
    assertThat(backlog()).isEqualTo("10");
  }

  private String backlog() {
    return redis.client().<String>getBucket(streams.backlogKey(0), StringCodec.INSTANCE).get();
  }

  private Result append(Batch batch) {
    return appender.append(batch).block();
  }

  private List<String> offsetsInStream() {
    return streams.commandStream(0).range(StreamMessageId.MIN, StreamMessageId.MAX).values().stream()
        .map(fields -> fields.get(CommandBatchAppender.OFFSET))
        .toList();
  }

  private static List<Map<String, String>> commands(int count) {
    List<Map<String, String>> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      entries.add(
          CommandEntry.upsert(UUID.randomUUID().toString(), "todo", "title " + i, false, Instant.now()));
    }
    return entries;
  }
}
