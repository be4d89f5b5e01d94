package dev.todomesh.activities.events;

import dev.todomesh.activities.TodoPartitioner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.redisson.api.RScript;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

/**
 * The {@code todo.events} log: one Redis stream per partition, partitioned by todo ID like the
 * command streams, whose entry IDs encode Kafka-style offsets.
 *
 * <p>The event at offset {@code n} has the entry ID {@code 0-(n+1)}, so offsets start at 0, grow
 * by one per event and can be looked up with {@code XRANGE} directly. The next offset comes from
 * a counter key in the same Cluster slot as the stream. Appends are idempotent per todo and
 * version: an event whose version is not greater than the last one logged for its todo is
 * dropped, so a retried activity does not publish twice.
 */
public final class EventLog {

  /** Field that every event carries: the todo's version after the change, or at a reminder. */
  public static final String VERSION = "version";

  public static final String TODO_ID = "todoId";

  /**
   * KEYS: stream, offset counter, last-version hash. ARGV: todo ID, then per event its version,
   * its number of field names and values, and those names and values. Returns each event's new
   * offset, or -1 when its version was already logged, in the given order.
   */
  private static final String APPEND_SCRIPT =
      """
      local last = tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '-1')
      local offsets = {}
      local i = 2
      while i <= #ARGV do
        local version = tonumber(ARGV[i])
        local width = tonumber(ARGV[i + 1])
        if version <= last then
          offsets[#offsets + 1] = -1
        else
          local offset = redis.call('INCR', KEYS[2]) - 1
          local args = {KEYS[1], '0-' .. (offset + 1)}
          for f = 1, width do
            args[#args + 1] = ARGV[i + 1 + f]
          end
          redis.call('XADD', unpack(args))
          redis.call('HSET', KEYS[3], ARGV[1], ARGV[i])
          last = version
          offsets[#offsets + 1] = offset
        end
        i = i + width + 2
      end
      return offsets
      """;

  private final RedissonClient redisson;
  private final String prefix;
  private final TodoPartitioner partitioner;

  public EventLog(RedissonClient redisson, String prefix, TodoPartitioner partitioner) {
    this.redisson = redisson;
    this.prefix = prefix;
    this.partitioner = partitioner;
  }

  public int partitions() {
    return partitioner.partitions();
  }

  public int partitionOf(String todoId) {
    return partitioner.partitionOf(todoId);
  }

  /** Returns the Redis key of a partition's event stream. */
  public String streamKey(int partition) {
    return prefix + ":events:{e" + partition + "}";
  }

  public RStream<String, String> stream(int partition) {
    return redisson.getStream(streamKey(partition), StringCodec.INSTANCE);
  }

  /**
   * Appends an event for {@code todoId} unless an event with this or a later version is logged.
   *
   * @param fields event fields; {@link #TODO_ID} and {@link #VERSION} are added
   * @return the event's offset in its partition, or -1 for a duplicate
   */
  public long append(String todoId, long version, Map<String, String> fields) {
    return appendAll(todoId, List.of(new Event(version, fields))).get(0);
  }

  /** One event of {@link #appendAll}: the todo's version and the event's fields. */
  public record Event(long version, Map<String, String> fields) {}

  /**
   * Appends a todo's events in the given order, each unless an event with its or a later version
   * is logged, in one round trip. The appends run in order on the partition's node, so events
   * given in version order are logged in version order.
   *
   * @return each event's offset in its partition, or -1 for a duplicate, in the given order
   */
  public List<Long> appendAll(String todoId, List<Event> events) {
    int partition = partitionOf(todoId);
    List<Object> keys =
        List.of(
            streamKey(partition),
            prefix + ":events-offset:{e" + partition + "}",
            prefix + ":events-version:{e" + partition + "}");
    List<Object> args = new ArrayList<>();
    args.add(todoId);
    for (Event event : events) {
      List<String> fields = fields(todoId, event);
      args.add(Long.toString(event.version()));
      args.add(Integer.toString(fields.size()));
      args.addAll(fields);
    }
    // One script, not a batch of scripts: Redisson sends scripts in a batch as EVALSHA and does
    // not retry one that fails with NOSCRIPT, while a single call falls back to EVAL.
    List<Object> offsets =
        redisson
            .getScript(StringCodec.INSTANCE)
            .eval(
                keys.get(0).toString(),
                RScript.Mode.READ_WRITE,
                APPEND_SCRIPT,
                RScript.ReturnType.LIST,
                keys,
                args.toArray());
    return offsets.stream().map(offset -> ((Number) offset).longValue()).toList();
  }

  /** Returns the event's field names and values, {@link #TODO_ID} and {@link #VERSION} first. */
  private static List<String> fields(String todoId, Event event) {
    String version = Long.toString(event.version());
    List<String> fields = new ArrayList<>();
    fields.add(TODO_ID);
    fields.add(todoId);
    fields.add(VERSION);
    fields.add(version);
    event
        .fields()
        .forEach(
            (name, value) -> {
              if (!name.equals(TODO_ID) && !name.equals(VERSION)) {
                fields.add(name);
                fields.add(value);
              }
            });
    return fields;
  }

  /** Returns the entry ID of the event at {@code offset}. */
  public static StreamMessageId entryIdOf(long offset) {
    return new StreamMessageId(0, offset + 1);
  }

  /** Returns the offset of the event with this entry ID. */
  public static long offsetOf(StreamMessageId entryId) {
    return entryId.getId1() - 1;
  }
}
