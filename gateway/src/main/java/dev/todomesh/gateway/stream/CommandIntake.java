package dev.todomesh.gateway.stream;

import java.util.Map;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamMessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The one way commands enter the system: appends an encoded command to its todo's partition
 * stream. Every ingress (HTTP, Kafka) goes through here, so limits and checks apply to all.
 */
public final class CommandIntake {

  private static final Logger log = LoggerFactory.getLogger(CommandIntake.class);

  private final CommandStreams streams;

  public CommandIntake(CommandStreams streams) {
    this.streams = streams;
  }

  /**
   * Appends a command given as stream entry fields (see {@link CommandEntry}).
   *
   * @return where the command was stored, once Redis has it
   */
  public Mono<AcceptedCommand> accept(Map<String, String> fields) {
    String todoId = fields.get(CommandEntry.TODO_ID);
    String commandId = fields.get(CommandEntry.COMMAND_ID);
    int partition = streams.partitionOf(todoId);
    return Mono.fromCompletionStage(
            streams.commandStream(partition).addAsync(StreamAddArgs.entries(fields)))
        .map(
            entryId -> {
              log.debug(
                  "Command accepted: todoId={} commandId={} partition={} entryId={}",
                  todoId,
                  commandId,
                  partition,
                  entryId);
              return new AcceptedCommand(commandId, todoId, partition, entryId);
            });
  }

  /** A command stored in a command stream. */
  public record AcceptedCommand(
      String commandId, String todoId, int partition, StreamMessageId entryId) {}
}
