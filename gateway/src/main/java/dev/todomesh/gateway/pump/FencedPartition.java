package dev.todomesh.gateway.pump;

import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.gateway.stream.StreamIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.RScript;
import org.redisson.api.RStream;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadArgs;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

/**
 * The owner's view of one partition stream. Every operation that changes the consumer group's
 * state (read, claim, acknowledge) runs as a Lua script that first checks the lease value. A
 * pump that lost its lease therefore cannot move or acknowledge entries any more, even after a
 * long pause.
 */
final class FencedPartition {

  /** Thrown when the lease in Redis is no longer this pump's. */
  static final class LeaseLostException extends RuntimeException {
    LeaseLostException(int partition) {
      super("lease on partition " + partition + " is held by another pump or expired");
    }
  }

  /** Result of a read: entries in stream order, and the last entry ID of the stream if none. */
  record Read(Map<StreamMessageId, Map<String, String>> entries, StreamMessageId lastId) {}

  /**
   * KEYS: lease, stream. ARGV: lease value, group, consumer, count, start ID ({@code >} for new
   * entries, an ID to re-read the consumer's own pending entries after it).
   */
  private static final String READ =
      """
      if redis.call('GET', KEYS[1]) ~= ARGV[1] then
        return {'fenced'}
      end
      local reply = redis.call('XREADGROUP', 'GROUP', ARGV[2], ARGV[3], 'COUNT', ARGV[4],
          'STREAMS', KEYS[2], ARGV[5])
      if reply and reply[1] and #reply[1][2] > 0 then
        local result = {'entries'}
        for _, entry in ipairs(reply[1][2]) do
          result[#result + 1] = entry[1]
          result[#result + 1] = entry[2] or {}
        end
        return result
      end
      local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
      if #last > 0 then
        return {'empty', last[1][1]}
      end
      return {'empty', '0-0'}
      """;

  /** KEYS: lease, stream, backlog. ARGV: lease value, group, IDs. Returns the acked count. */
  private static final String ACK =
      """
      if redis.call('GET', KEYS[1]) ~= ARGV[1] then
        return -1
      end
      local acked = redis.call('XACK', KEYS[2], ARGV[2], unpack(ARGV, 3))
      if acked > 0 then
        redis.call('DECRBY', KEYS[3], acked)
      end
      return acked
      """;

  /**
   * KEYS: lease, stream. ARGV: lease value, group, consumer, min idle ms, cursor, count. Claims
   * pending entries of any consumer; returns the next cursor and the number claimed.
   */
  private static final String CLAIM =
      """
      if redis.call('GET', KEYS[1]) ~= ARGV[1] then
        return {'fenced'}
      end
      local reply = redis.call('XAUTOCLAIM', KEYS[2], ARGV[2], ARGV[3], ARGV[4], ARGV[5],
          'COUNT', ARGV[6], 'JUSTID')
      return {reply[1], tostring(#reply[2])}
      """;

  /**
   * KEYS: stream. ARGV: group, retention ms, max deletions. Deletes acknowledged entries older
   * than the retention. XTRIM MINID removes everything before the oldest pending entry and the
   * group's last delivered one. Acknowledged entries after a pending one (for example behind a
   * parked command) are deleted one by one with XDEL, at most ARGV[3] per call.
   */
  private static final String TRIM =
      """
      local function before(a, b)
        local am, as = string.match(a, '(%d+)-(%d+)')
        local bm, bs = string.match(b, '(%d+)-(%d+)')
        am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
        return am < bm or (am == bm and as < bs)
      end
      local now = redis.call('TIME')
      local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
      local cutoff = (nowMs - tonumber(ARGV[2])) .. '-0'
      local found = false
      for _, info in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
        local fields = {}
        for i = 1, #info, 2 do
          fields[info[i]] = info[i + 1]
        end
        if fields['name'] == ARGV[1] then
          found = true
          if before(fields['last-delivered-id'], cutoff) then
            cutoff = fields['last-delivered-id']
          end
        end
      end
      if not found then
        return 0
      end
      local minId = cutoff
      local pending = redis.call('XPENDING', KEYS[1], ARGV[1])
      if tonumber(pending[1]) > 0 and before(pending[2], minId) then
        minId = pending[2]
      end
      local deleted = redis.call('XTRIM', KEYS[1], 'MINID', minId)
      if minId ~= cutoff then
        local entries = redis.call('XRANGE', KEYS[1], '(' .. minId, '(' .. cutoff,
            'COUNT', ARGV[3])
        for _, entry in ipairs(entries) do
          local held = redis.call('XPENDING', KEYS[1], ARGV[1], entry[1], entry[1], 1)
          if #held == 0 then
            deleted = deleted + redis.call('XDEL', KEYS[1], entry[1])
          end
        end
      end
      return deleted
      """;

  /** Most acknowledged entries deleted one by one per trim call. */
  private static final int MAX_DELETIONS_PER_TRIM = 1_000;

  private final int partition;
  private final CommandStreams streams;
  private final RStream<String, String> stream;
  private final String group;
  private final String consumer;
  private final PartitionLease lease;

  FencedPartition(
      int partition, CommandStreams streams, String group, String consumer, PartitionLease lease) {
    this.partition = partition;
    this.streams = streams;
    this.stream = streams.commandStream(partition);
    this.group = group;
    this.consumer = consumer;
    this.lease = lease;
  }

  int partition() {
    return partition;
  }

  PartitionLease lease() {
    return lease;
  }

  String streamName() {
    return stream.getName();
  }

  /** Creates the consumer group, and the stream with it, unless it exists. */
  void createGroup() {
    try {
      stream.createGroup(StreamCreateGroupArgs.name(group).id(StreamMessageId.ALL).makeStream());
    } catch (RedisException e) {
      if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
        throw e;
      }
    }
  }

  /** Reads up to {@code count} entries never delivered to any consumer. */
  Read readNew(int count) {
    return read(">", count);
  }

  /** Re-reads this consumer's own pending entries after {@code after}, in stream order. */
  Read readPending(StreamMessageId after, int count) {
    return read(after.toString(), count);
  }

  /** Waits up to {@code timeout} for an entry after {@code lastId}; reads nothing for the group. */
  void awaitEntryAfter(StreamMessageId lastId, Duration timeout) {
    stream.read(StreamReadArgs.greaterThan(lastId).count(1).timeout(timeout));
  }

  /**
   * Moves pending entries idle for at least {@code minIdle} from any consumer to this one,
   * scanning from {@code cursor}.
   *
   * @return the cursor for the next call ({@code 0-0} once the whole list was scanned) and the
   *     number of entries claimed
   */
  Claim claim(Duration minIdle, StreamMessageId cursor, int count) {
    List<Object> reply =
        eval(
            CLAIM,
            RScript.ReturnType.LIST,
            List.of(streams.leaseKey(partition), stream.getName()),
            lease.value(),
            group,
            consumer,
            Long.toString(minIdle.toMillis()),
            cursor.toString(),
            Integer.toString(count));
    if ("fenced".equals(reply.get(0))) {
      throw lost();
    }
    return new Claim(StreamIds.parse(reply.get(0).toString()), Integer.parseInt(reply.get(1).toString()));
  }

  record Claim(StreamMessageId cursor, int claimed) {}

  /** Acknowledges entries and lowers the partition's backlog by the number acknowledged. */
  long ack(List<StreamMessageId> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    List<Object> args = new ArrayList<>();
    args.add(lease.value());
    args.add(group);
    ids.forEach(id -> args.add(id.toString()));
    Long acked =
        eval(
            ACK,
            RScript.ReturnType.LONG,
            List.of(streams.leaseKey(partition), stream.getName(), streams.backlogKey(partition)),
            args.toArray());
    if (acked == null || acked < 0) {
      throw lost();
    }
    return acked;
  }

  /** Deletes acknowledged entries older than {@code retention}; returns the number deleted. */
  long trimAcknowledged(Duration retention) {
    Long trimmed =
        eval(
            TRIM,
            RScript.ReturnType.LONG,
            List.of(stream.getName()),
            group,
            Long.toString(retention.toMillis()),
            Integer.toString(MAX_DELETIONS_PER_TRIM));
    return trimmed == null ? 0 : trimmed;
  }

  private Read read(String start, int count) {
    List<Object> reply =
        eval(
            READ,
            RScript.ReturnType.LIST,
            List.of(streams.leaseKey(partition), stream.getName()),
            lease.value(),
            group,
            consumer,
            Integer.toString(count),
            start);
    String status = reply.get(0).toString();
    if (status.equals("fenced")) {
      throw lost();
    }
    if (status.equals("empty")) {
      return new Read(Map.of(), StreamIds.parse(reply.get(1).toString()));
    }
    Map<StreamMessageId, Map<String, String>> entries = new LinkedHashMap<>();
    for (int i = 1; i + 1 < reply.size(); i += 2) {
      entries.put(StreamIds.parse(reply.get(i).toString()), toFields(reply.get(i + 1)));
    }
    return new Read(entries, null);
  }

  private static Map<String, String> toFields(Object raw) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (raw instanceof List<?> list) {
      for (int i = 0; i + 1 < list.size(); i += 2) {
        fields.put(String.valueOf(list.get(i)), String.valueOf(list.get(i + 1)));
      }
    }
    return fields;
  }

  private LeaseLostException lost() {
    lease.revoke();
    return new LeaseLostException(partition);
  }

  private <T> T eval(String script, RScript.ReturnType type, List<Object> keys, Object... args) {
    return streams
        .redisson()
        .getScript(StringCodec.INSTANCE)
        .eval(stream.getName(), RScript.Mode.READ_WRITE, script, type, keys, args);
  }
}
