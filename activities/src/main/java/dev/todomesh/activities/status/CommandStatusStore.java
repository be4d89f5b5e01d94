package dev.todomesh.activities.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.codec.StringCodec;

/**
 * Command statuses in Redis: one hash per command, {@code <prefix>:command:<commandId>}, that
 * expires after the retention period counted from its last change.
 *
 * <p>Writes go through a script that keeps the status with the highest rank (see {@link
 * CommandStatus}), so writers may race: the API's {@code accepted} can arrive after the
 * workflow's {@code applied} without hiding it.
 */
public final class CommandStatusStore {

  /** KEYS: status hash. ARGV: rank, retention in ms, then field names and values. */
  private static final String UPDATE_SCRIPT =
      """
      local current = tonumber(redis.call('HGET', KEYS[1], 'rank') or '-1')
      if tonumber(ARGV[1]) <= current then
        return 0
      end
      local args = {KEYS[1], 'rank', ARGV[1]}
      for i = 3, #ARGV do
        args[#args + 1] = ARGV[i]
      end
      redis.call('HSET', unpack(args))
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return 1
      """;

  private final RedissonClient redisson;
  private final String prefix;
  private final Duration retention;
  private final Clock clock;

  public CommandStatusStore(RedissonClient redisson, String prefix, Duration retention, Clock clock) {
    this.redisson = redisson;
    this.prefix = prefix;
    this.retention = retention;
    this.clock = clock;
  }

  public String key(String commandId) {
    return prefix + ":command:" + commandId;
  }

  /**
   * Records a status unless the command already has one of equal or higher rank.
   *
   * @param version the todo's version for {@link CommandStatus#APPLIED}, otherwise null
   * @param reason the reason for a rejection or dead letter, otherwise null
   * @return true when the status was recorded
   */
  public CompletionStage<Boolean> updateAsync(
      String commandId, String todoId, CommandStatus status, Long version, String reason) {
    return updateAsync(commandId, todoId, status, version, reason, null, null, null);
  }

  /**
   * Records {@link CommandStatus#REJECTED} with the workflow run that rejected the command. A
   * run of a todo that was never created completes, and the next run does not link to it, so
   * the run ID is how a reader finds that history later.
   */
  public boolean rejected(String commandId, String todoId, String reason, String runId) {
    return updateAsync(commandId, todoId, CommandStatus.REJECTED, null, reason, null, null, runId)
        .toCompletableFuture()
        .join();
  }

  /**
   * Records {@link CommandStatus#ACCEPTED} with the command's place in its stream, which lets
   * readers tell whether the pump has delivered it.
   */
  public CompletionStage<Boolean> acceptedAsync(
      String commandId, String todoId, int partition, String entryId) {
    return updateAsync(
        commandId, todoId, CommandStatus.ACCEPTED, null, null, partition, entryId, null);
  }

  /**
   * Records {@link CommandStatus#ACCEPTED} for several commands with one Redisson batch, which
   * costs about one round trip.
   */
  public CompletionStage<Void> acceptedAllAsync(List<Accepted> commands) {
    // Redisson sends a batch's scripts as EVALSHA and fails the batch with NOSCRIPT when Redis
    // has not loaded the script, after a restart for example. The script is then loaded and
    // the batch sent again, which is safe because a status never moves back.
    return sendAccepted(commands)
        .exceptionallyCompose(
            error -> {
              if (!isNoScript(error)) {
                return CompletableFuture.failedFuture(error);
              }
              return redisson
                  .getScript(StringCodec.INSTANCE)
                  .scriptLoadAsync(UPDATE_SCRIPT)
                  .toCompletableFuture()
                  .thenCompose(sha -> sendAccepted(commands));
            });
  }

  private CompletableFuture<Void> sendAccepted(List<Accepted> commands) {
    RBatch batch = redisson.createBatch();
    RScriptAsync script = batch.getScript(StringCodec.INSTANCE);
    for (Accepted command : commands) {
      script.evalAsync(
          key(command.commandId()),
          RScript.Mode.READ_WRITE,
          UPDATE_SCRIPT,
          RScript.ReturnType.LONG,
          List.of(key(command.commandId())),
          arguments(
                  command.todoId(),
                  CommandStatus.ACCEPTED,
                  null,
                  null,
                  command.partition(),
                  command.entryId(),
                  null)
              .toArray());
    }
    return batch.executeAsync().toCompletableFuture().thenApply(results -> null);
  }

  private static boolean isNoScript(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof RedisNoScriptException) {
        return true;
      }
    }
    return false;
  }

  /**
   * A command that entered its stream.
   *
   * @param entryId its stream entry ID
   */
  public record Accepted(String commandId, String todoId, int partition, String entryId) {}

  private CompletionStage<Boolean> updateAsync(
      String commandId,
      String todoId,
      CommandStatus status,
      Long version,
      String reason,
      Integer partition,
      String entryId,
      String runId) {
    CompletionStage<Long> result =
        redisson
            .getScript(StringCodec.INSTANCE)
            .evalAsync(
                key(commandId),
                RScript.Mode.READ_WRITE,
                UPDATE_SCRIPT,
                RScript.ReturnType.LONG,
                List.of(key(commandId)),
                arguments(todoId, status, version, reason, partition, entryId, runId).toArray());
    return result.thenApply(updated -> updated == 1L);
  }

  /** Returns the arguments of {@link #UPDATE_SCRIPT}. */
  private List<Object> arguments(
      String todoId,
      CommandStatus status,
      Long version,
      String reason,
      Integer partition,
      String entryId,
      String runId) {
    List<Object> args = new ArrayList<>();
    args.add(Integer.toString(status.rank()));
    args.add(Long.toString(retention.toMillis()));
    args.add("status");
    args.add(status.wireName());
    args.add("todoId");
    args.add(todoId);
    args.add("updatedAt");
    args.add(clock.instant().toString());
    if (version != null) {
      args.add("version");
      args.add(version.toString());
    }
    if (reason != null) {
      args.add("reason");
      args.add(reason);
    }
    if (partition != null) {
      args.add("partition");
      args.add(partition.toString());
      args.add("entryId");
      args.add(entryId);
    }
    if (runId != null) {
      args.add("runId");
      args.add(runId);
    }
    return args;
  }

  /** Blocking form of {@link #updateAsync}, for activities. */
  public boolean update(
      String commandId, String todoId, CommandStatus status, Long version, String reason) {
    return updateAsync(commandId, todoId, status, version, reason).toCompletableFuture().join();
  }

  /** Returns the command's status, or null when none is stored or it expired. */
  public CompletionStage<CommandStatusRecord> findAsync(String commandId) {
    return redisson
        .<String, String>getMap(key(commandId), StringCodec.INSTANCE)
        .readAllMapAsync()
        .thenApply(fields -> fields.isEmpty() ? null : toRecord(commandId, fields));
  }

  private static CommandStatusRecord toRecord(String commandId, Map<String, String> fields) {
    String version = fields.get("version");
    String updatedAt = fields.get("updatedAt");
    String partition = fields.get("partition");
    return new CommandStatusRecord(
        commandId,
        fields.get("todoId"),
        CommandStatus.fromWireName(fields.get("status")).orElse(null),
        version == null ? null : Long.valueOf(version),
        fields.get("reason"),
        updatedAt == null ? null : Instant.parse(updatedAt),
        partition == null ? null : Integer.valueOf(partition),
        fields.get("entryId"),
        fields.get("runId"));
  }
}
