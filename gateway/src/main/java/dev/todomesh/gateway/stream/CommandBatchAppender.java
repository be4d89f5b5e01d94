package dev.todomesh.gateway.stream;

import dev.todomesh.gateway.monitoring.CommandMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;
import reactor.core.publisher.Mono;

/**
 * Appends a batch of commands to one partition stream in one Lua script, so the batch is stored
 * whole or not at all, and numbers the commands with Kafka offsets.
 *
 * <p>Each partition has a counter key next to its stream, in the same Redis Cluster slot
 * because it shares the stream's hash tag. The script takes as many offsets from it as the batch
 * has commands, so a batch's offsets are consecutive and later batches get larger ones. Each
 * entry stores its offset in the field {@value #OFFSET}; entry IDs stay Redis-generated, so
 * commands from HTTP, which carry no offset, interleave with Kafka commands in arrival order.
 *
 * <p>For an idempotent producer (producer ID 0 or more) the script also keeps the producer's
 * epoch and its last five batches (first sequence, last sequence, base offset), as a Kafka
 * broker does. A batch equal to one of those is not stored again and gets its original base
 * offset. A batch that does not start right after the last one is rejected.
 *
 * <p>The batch also counts toward the partition's backlog, the same counter that HTTP writes
 * raise and the pump lowers on acknowledgement. A batch that finds the backlog at its maximum is
 * not stored, so the producer can retry it later.
 */
public final class CommandBatchAppender {

  /** Entry field that contains a command's Kafka offset within its partition. */
  public static final String OFFSET = "offset";

  /** Producer ID of a producer that does not use idempotence. */
  public static final long NO_PRODUCER_ID = -1;

  /**
   * KEYS: stream, offset counter, producer states, backlog. ARGV: producer ID, epoch, base
   * sequence, command count, max backlog, then per command its field count followed by names and
   * values. Returns the outcome and the base offset (the backlog for BACKLOG_FULL) as strings,
   * followed for APPENDED by each command's entry ID.
   */
  private static final String APPEND_SCRIPT =
      """
      local pid = ARGV[1]
      local epoch = tonumber(ARGV[2])
      local seq = tonumber(ARGV[3])
      local count = tonumber(ARGV[4])
      local state = nil
      if pid ~= '-1' then
        local raw = redis.call('HGET', KEYS[3], pid)
        if raw then
          state = cjson.decode(raw)
        end
        if state and epoch < state.epoch then
          return {'INVALID_PRODUCER_EPOCH', '-1'}
        end
        if state and epoch == state.epoch then
          for _, batch in ipairs(state.batches) do
            if batch[1] == seq and batch[2] == seq + count - 1 then
              return {'DUPLICATE', tostring(batch[3])}
            end
          end
          if seq ~= state.batches[#state.batches][2] + 1 then
            return {'OUT_OF_ORDER_SEQUENCE', '-1'}
          end
        elseif seq ~= 0 then
          return {'OUT_OF_ORDER_SEQUENCE', '-1'}
        end
      end
      local backlog = tonumber(redis.call('GET', KEYS[4]) or '0')
      if backlog >= tonumber(ARGV[5]) then
        return {'BACKLOG_FULL', tostring(backlog)}
      end
      local base = redis.call('INCRBY', KEYS[2], count) - count
      local reply = {'APPENDED', tostring(base)}
      local i = 6
      for n = 0, count - 1 do
        local width = tonumber(ARGV[i])
        local args = {KEYS[1], '*', 'offset', tostring(base + n)}
        for f = 1, width do
          args[#args + 1] = ARGV[i + f]
        end
        i = i + width + 1
        reply[#reply + 1] = redis.call('XADD', unpack(args))
      end
      redis.call('INCRBY', KEYS[4], count)
      if pid ~= '-1' then
        if not state or epoch ~= state.epoch then
          state = {epoch = epoch, batches = {}}
        end
        state.batches[#state.batches + 1] = {seq, seq + count - 1, base}
        if #state.batches > 5 then
          table.remove(state.batches, 1)
        end
        redis.call('HSET', KEYS[3], pid, cjson.encode(state))
      end
      return reply
      """;

  private final CommandStreams streams;
  private final long maxBacklog;
  private final CommandMetrics metrics;

  /** Creates an appender whose metrics are not exported. */
  public CommandBatchAppender(CommandStreams streams, long maxBacklog) {
    this(streams, maxBacklog, CommandMetrics.unregistered());
  }

  /** Creates an appender that counts appended commands as {@code source=kafka}. */
  public CommandBatchAppender(CommandStreams streams, long maxBacklog, CommandMetrics metrics) {
    this.streams = streams;
    this.maxBacklog = maxBacklog;
    this.metrics = metrics;
  }

  /**
   * Appends the batch, or finds that it was appended before.
   *
   * <p>NOTE: producer states are never removed, so Redis keeps one small hash field per
   * idempotent producer ID that ever wrote to a partition. Sequence numbers are compared without
   * the wrap-around at 2^31 that Kafka allows, so a producer that sends more records than that to
   * one partition gets {@code OUT_OF_ORDER_SEQUENCE_NUMBER} and must be restarted.
   */
  public Mono<Result> append(Batch batch) {
    String streamKey = streams.commandStreamKey(batch.partition());
    List<Object> keys =
        List.of(
            streamKey,
            streamKey + "-offset",
            streamKey + "-producers",
            streams.backlogKey(batch.partition()));
    List<Object> args = new ArrayList<>();
    args.add(Long.toString(batch.producerId() < 0 ? NO_PRODUCER_ID : batch.producerId()));
    args.add(Short.toString(batch.producerEpoch()));
    args.add(Integer.toString(batch.baseSequence()));
    args.add(Integer.toString(batch.entries().size()));
    args.add(Long.toString(maxBacklog));
    for (Map<String, String> entry : batch.entries()) {
      args.add(Integer.toString(entry.size() * 2));
      entry.forEach(
          (name, value) -> {
            args.add(name);
            args.add(value);
          });
    }
    return Mono.fromCompletionStage(
            streams
                .redisson()
                .getScript(StringCodec.INSTANCE)
                .<List<Object>>evalAsync(
                    streamKey,
                    RScript.Mode.READ_WRITE,
                    APPEND_SCRIPT,
                    RScript.ReturnType.LIST,
                    keys,
                    args.toArray()))
        .map(
            reply ->
                new Result(
                    Outcome.valueOf(reply.get(0).toString()),
                    Long.parseLong(reply.get(1).toString()),
                    reply.subList(2, reply.size()).stream().map(Object::toString).toList()))
        .doOnNext(
            result -> {
              if (result.outcome() == Outcome.APPENDED) {
                metrics.accepted(CommandMetrics.Source.KAFKA, batch.entries().size());
              }
            });
  }

  /**
   * Commands for one partition, in order, with the Kafka producer fields of their record batch.
   *
   * @param producerId the batch's producer ID, or -1 when the producer is not idempotent
   * @param entries stream entry fields of each command, as {@link CommandEntry} encodes them
   */
  public record Batch(
      int partition,
      long producerId,
      short producerEpoch,
      int baseSequence,
      List<Map<String, String>> entries) {}

  /** Outcome of a batch append. */
  public enum Outcome {
    APPENDED,
    /** The same batch was appended before, and the base offset is the original one. */
    DUPLICATE,
    /** The base sequence does not follow the producer's last batch. Nothing was appended. */
    OUT_OF_ORDER_SEQUENCE,
    /** The producer epoch is older than one seen before. Nothing was appended. */
    INVALID_PRODUCER_EPOCH,
    /** The partition's backlog is at its maximum. Nothing was appended; retry later. */
    BACKLOG_FULL
  }

  /**
   * Result of a batch append.
   *
   * @param baseOffset offset of the batch's first command, or -1 when it was not appended; the
   *     backlog for {@link Outcome#BACKLOG_FULL}
   * @param entryIds stream entry ID of each command, in batch order, when appended; else empty
   */
  public record Result(Outcome outcome, long baseOffset, List<String> entryIds) {}
}
