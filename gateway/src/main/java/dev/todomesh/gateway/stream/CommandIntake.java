package dev.todomesh.gateway.stream;

import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.monitoring.CommandMetrics;
import dev.todomesh.gateway.tracing.TraceParent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.redisson.api.RScript;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The one way commands enter the system: appends an encoded command to its todo's partition
 * stream. Every ingress (HTTP, Kafka) goes through here, so limits and checks apply to all.
 *
 * <p>One Lua script does the checks and the append atomically: an idempotency key seen before
 * returns the original command, a full partition (backlog at {@code
 * todo-mesh.streams.max-backlog}) rejects the write, and otherwise the entry is appended, the
 * backlog counter raised and the idempotency record stored.
 */
public final class CommandIntake {

  /**
   * KEYS: stream, backlog, idempotency record (or the backlog key again when there is none).
   * ARGV: max backlog, record TTL ms, fingerprint, has key (1 or 0), command ID, then fields.
   */
  private static final String ACCEPT =
      """
      if ARGV[4] == '1' then
        local existing = redis.call('GET', KEYS[3])
        if existing then
          return {'replay', existing}
        end
      end
      local backlog = tonumber(redis.call('GET', KEYS[2]) or '0')
      if backlog >= tonumber(ARGV[1]) then
        return {'full', tostring(backlog)}
      end
      local id = redis.call('XADD', KEYS[1], '*', unpack(ARGV, 6))
      redis.call('INCR', KEYS[2])
      if ARGV[4] == '1' then
        redis.call('SET', KEYS[3], ARGV[3] .. ' ' .. ARGV[5] .. ' ' .. id, 'PX', ARGV[2])
      end
      return {'accepted', id}
      """;

  private static final Logger log = LoggerFactory.getLogger(CommandIntake.class);

  private final CommandStreams streams;
  private final long maxBacklog;
  private final Duration idempotencyRetention;
  private final CommandBatchAppender batchAppender;
  private final CommandMetrics metrics;

  /** Creates an intake whose metrics are not exported. */
  public CommandIntake(
      CommandStreams streams, TodoMeshProperties.Streams settings, TodoMeshProperties.Api api) {
    this(streams, settings, api, CommandMetrics.unregistered());
  }

  /**
   * Creates an intake that counts the commands of {@link #accept} as {@code source=http} and
   * those of {@link #acceptBatch} as {@code source=kafka}.
   */
  public CommandIntake(
      CommandStreams streams,
      TodoMeshProperties.Streams settings,
      TodoMeshProperties.Api api,
      CommandMetrics metrics) {
    this.streams = streams;
    this.maxBacklog = settings.maxBacklog();
    this.idempotencyRetention = api.idempotencyRetention();
    this.metrics = metrics;
    this.batchAppender = new CommandBatchAppender(streams, maxBacklog, metrics);
  }

  /**
   * Appends a command given as stream entry fields (see {@link CommandEntry}). When the caller
   * put a {@link TraceParent} into the Reactor context and the fields carry none, it is stored
   * with the command. The append starts on subscription.
   *
   * @param idempotency the client's idempotency key and request fingerprint, or null
   * @return where the command was stored, once Redis has it; fails with {@link
   *     BacklogFullException} or {@link IdempotencyConflictException}
   */
  public Mono<AcceptedCommand> accept(Map<String, String> fields, IdempotencyKey idempotency) {
    return Mono.deferContextual(
        context ->
            append(
                TraceParent.current(context).map(trace -> trace.addTo(fields)).orElse(fields),
                idempotency));
  }

  private Mono<AcceptedCommand> append(Map<String, String> fields, IdempotencyKey idempotency) {
    String todoId = fields.get(CommandEntry.TODO_ID);
    String commandId = fields.get(CommandEntry.COMMAND_ID);
    int partition = streams.partitionOf(todoId);
    String streamKey = streams.commandStreamKey(partition);

    String recordKey =
        idempotency == null
            ? streams.backlogKey(partition)
            : streams.idempotencyKey(todoId, idempotency.key());
    List<Object> args = new ArrayList<>();
    args.add(Long.toString(maxBacklog));
    args.add(Long.toString(idempotencyRetention.toMillis()));
    args.add(idempotency == null ? "" : idempotency.fingerprint());
    args.add(idempotency == null ? "0" : "1");
    args.add(commandId);
    fields.forEach(
        (name, value) -> {
          args.add(name);
          args.add(value);
        });

    return Mono.fromCompletionStage(
            streams
                .redisson()
                .getScript(StringCodec.INSTANCE)
                .<List<Object>>evalAsync(
                    streamKey,
                    RScript.Mode.READ_WRITE,
                    ACCEPT,
                    RScript.ReturnType.LIST,
                    List.of(streamKey, streams.backlogKey(partition), recordKey),
                    args.toArray()))
        .map(reply -> toResult(reply, todoId, commandId, partition, idempotency));
  }

  /**
   * Appends commands of one partition all together with consecutive Kafka offsets, and skips a
   * batch that an idempotent producer sends again (see {@link CommandBatchAppender}).
   */
  public Mono<CommandBatchAppender.Result> acceptBatch(CommandBatchAppender.Batch batch) {
    return batchAppender.append(batch);
  }

  private AcceptedCommand toResult(
      List<Object> reply,
      String todoId,
      String commandId,
      int partition,
      IdempotencyKey idempotency) {
    String status = reply.get(0).toString();
    String value = reply.get(1).toString();
    switch (status) {
      case "accepted" -> {
        metrics.accepted(CommandMetrics.Source.HTTP, 1);
        log.debug(
            "Command accepted: todoId={} commandId={} partition={} entryId={}",
            todoId,
            commandId,
            partition,
            value);
        return new AcceptedCommand(commandId, todoId, partition, StreamIds.parse(value), false);
      }
      case "full" -> {
        log.warn(
            "Command rejected, partition backlog full: todoId={} partition={} backlog={}"
                + " maxBacklog={}",
            todoId,
            partition,
            value,
            maxBacklog);
        throw new BacklogFullException(partition, Long.parseLong(value), maxBacklog);
      }
      case "replay" -> {
        String[] record = value.split(" ", 3);
        if (!record[0].equals(idempotency.fingerprint())) {
          throw new IdempotencyConflictException(idempotency.key(), record[1]);
        }
        return new AcceptedCommand(record[1], todoId, partition, StreamIds.parse(record[2]), true);
      }
      default -> throw new IllegalStateException("unexpected intake script reply: " + status);
    }
  }

  /**
   * A command stored in a command stream.
   *
   * @param replayed true when an earlier request with the same idempotency key stored it
   */
  public record AcceptedCommand(
      String commandId, String todoId, int partition, StreamMessageId entryId, boolean replayed) {}

  /**
   * A client's idempotency key, scoped to one todo, and a fingerprint of the request it came
   * with. The same key with another fingerprint is a conflict.
   */
  public record IdempotencyKey(String key, String fingerprint) {}

  /** The partition's backlog reached its maximum; the write was not stored. */
  public static final class BacklogFullException extends RuntimeException {
    private final int partition;

    BacklogFullException(int partition, long backlog, long maxBacklog) {
      super(
          "partition "
              + partition
              + " has "
              + backlog
              + " commands waiting, the maximum set by todo-mesh.streams.max-backlog is "
              + maxBacklog);
      this.partition = partition;
    }

    public int partition() {
      return partition;
    }
  }

  /** An idempotency key was reused with a different request. */
  public static final class IdempotencyConflictException extends RuntimeException {
    private final String originalCommandId;

    IdempotencyConflictException(String key, String originalCommandId) {
      super(
          "Idempotency-Key '"
              + key
              + "' was already used for a different request (command "
              + originalCommandId
              + "); use a new key for a new request");
      this.originalCommandId = originalCommandId;
    }

    public String originalCommandId() {
      return originalCommandId;
    }
  }
}
