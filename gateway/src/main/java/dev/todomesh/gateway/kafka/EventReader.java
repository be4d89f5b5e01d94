package dev.todomesh.gateway.kafka;

import dev.todomesh.activities.events.EventLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamMultiReadArgs;
import org.redisson.client.codec.StringCodec;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the {@code todo.events} streams as Kafka records: the event at offset {@code n} is the
 * entry {@code 0-(n+1)} (see {@link EventLog}), its key the todo ID and its value a JSON object
 * of the entry's fields.
 *
 * <p>NOTE: events carry no Kafka timestamp (it is -1), and a lookup of offsets by timestamp
 * finds none.
 */
final class EventReader {

  /** Most entries read from one partition per request. */
  private static final int MAX_ENTRIES = 500;

  /**
   * KEYS: stream. ARGV: first entry ID to read, count. Returns the first and last entry IDs of
   * the stream (empty strings for an empty stream), then the entries read.
   */
  private static final String READ_SCRIPT =
      """
      local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
      if #first == 0 then
        return {'', '', {}}
      end
      local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
      local entries = {}
      if tonumber(ARGV[2]) > 0 then
        entries = redis.call('XRANGE', KEYS[1], ARGV[1], '+', 'COUNT', ARGV[2])
      end
      return {first[1][1], last[1][1], entries}
      """;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final RedissonClient redisson;
  private final EventLog events;

  EventReader(RedissonClient redisson, EventLog events) {
    this.redisson = redisson;
    this.events = events;
  }

  /** Returns the partition's log start offset and high watermark, without reading records. */
  CompletableFuture<PartitionRead> bounds(int partition) {
    return read(partition, 0, 0, 0);
  }

  /**
   * Reads records from {@code offset} on, up to {@code maxBytes} except that the first record
   * is always included, as Kafka does so that a large record cannot stall a consumer.
   */
  CompletableFuture<PartitionRead> read(int partition, long offset, int maxBytes, int maxCount) {
    String key = events.streamKey(partition);
    return redisson
        .getScript(StringCodec.INSTANCE)
        .<List<Object>>evalAsync(
            key,
            RScript.Mode.READ_ONLY,
            READ_SCRIPT,
            RScript.ReturnType.LIST,
            List.of(key),
            EventLog.entryIdOf(offset).toString(),
            Integer.toString(Math.min(maxCount, MAX_ENTRIES)))
        .toCompletableFuture()
        .thenApply(reply -> toPartitionRead(reply, offset, maxBytes));
  }

  /**
   * Completes when one of the partitions has an entry at or after its offset, or after {@code
   * timeout}, with a blocking {@code XREAD} rather than polling.
   *
   * <p>NOTE: one {@code XREAD} over several streams works on a single Redis server but not on
   * Redis Cluster, where the partition streams live in different slots.
   */
  CompletableFuture<Void> awaitAny(Map<Integer, Long> nextOffsets, Duration timeout) {
    var iterator = nextOffsets.entrySet().iterator();
    var first = iterator.next();
    Map<String, StreamMessageId> others = new LinkedHashMap<>();
    iterator.forEachRemaining(
        next -> others.put(events.streamKey(next.getKey()), afterOffset(next.getValue())));
    return redisson
        .<String, String>getStream(events.streamKey(first.getKey()), StringCodec.INSTANCE)
        .readAsync(
            StreamMultiReadArgs.greaterThan(afterOffset(first.getValue()), others)
                .count(1)
                .timeout(timeout))
        .toCompletableFuture()
        .thenApply(ignored -> null);
  }

  /** Returns the ID after which the entry of {@code offset} comes. */
  private static StreamMessageId afterOffset(long offset) {
    return new StreamMessageId(0, offset);
  }

  @SuppressWarnings("unchecked")
  private static PartitionRead toPartitionRead(List<Object> reply, long offset, int maxBytes) {
    String firstId = reply.get(0).toString();
    if (firstId.isEmpty()) {
      return new PartitionRead(0, 0, MemoryRecords.EMPTY, 0);
    }
    long logStart = offsetOf(firstId);
    long highWatermark = offsetOf(reply.get(1).toString()) + 1;
    List<Object> entries = (List<Object>) reply.get(2);
    if (entries.isEmpty()) {
      return new PartitionRead(logStart, highWatermark, MemoryRecords.EMPTY, 0);
    }
    MemoryRecordsBuilder builder =
        MemoryRecords.builder(
            ByteBuffer.allocate(Math.min(Math.max(maxBytes, 1024), 1 << 20)),
            Compression.NONE,
            TimestampType.CREATE_TIME,
            offset);
    int count = 0;
    for (Object item : entries) {
      List<Object> entry = (List<Object>) item;
      Map<String, String> fields = toMap((List<Object>) entry.get(1));
      byte[] key = keyOf(fields);
      byte[] value = JSON.writeValueAsBytes(fields);
      if (count > 0 && builder.estimatedSizeInBytes() + value.length + 64 > maxBytes) {
        break;
      }
      builder.appendWithOffset(
          offsetOf(entry.get(0).toString()), RecordBatch.NO_TIMESTAMP, key, value);
      count++;
    }
    return new PartitionRead(logStart, highWatermark, builder.build(), count);
  }

  private static byte[] keyOf(Map<String, String> fields) {
    String todoId = fields.get(EventLog.TODO_ID);
    return todoId == null ? null : todoId.getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> toMap(List<Object> flat) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      fields.put(flat.get(i).toString(), flat.get(i + 1).toString());
    }
    return fields;
  }

  private static long offsetOf(String entryId) {
    return EventLog.offsetOf(new StreamMessageId(0, Long.parseLong(entryId.substring(entryId.indexOf('-') + 1))));
  }

  /**
   * Records read from one partition.
   *
   * @param logStartOffset offset of the first event still stored
   * @param highWatermark offset that the next event will get
   */
  record PartitionRead(long logStartOffset, long highWatermark, MemoryRecords records, int count) {}
}
