package dev.todomesh.gateway.api;

import dev.todomesh.activities.status.CommandStatus;
import dev.todomesh.activities.status.CommandStatusRecord;
import dev.todomesh.activities.status.CommandStatusStore;
import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.stream.CommandEntry;
import dev.todomesh.gateway.stream.CommandIntake;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends a command through {@link CommandIntake}, records it as {@code accepted}, and waits a
 * bounded time for its final status.
 */
@Component
class CommandWriter {

  /** Delay between two reads of a command's status while waiting for it. */
  private static final Duration POLL_INTERVAL = Duration.ofMillis(25);

  private final CommandIntake intake;
  private final CommandStatusStore statuses;
  private final Duration writeWait;

  CommandWriter(CommandIntake intake, CommandStatusStore statuses, TodoMeshProperties properties) {
    this.intake = intake;
    this.statuses = statuses;
    this.writeWait = properties.api().writeWait();
  }

  /**
   * Appends the command, then waits up to {@code todo-mesh.api.write-wait} for it to be applied,
   * rejected or dead-lettered, unless {@code waitForResult} is false.
   *
   * @return the outcome; its status is null when the command is not final yet
   */
  Mono<Written> write(Map<String, String> fields, boolean waitForResult) {
    String commandId = fields.get(CommandEntry.COMMAND_ID);
    String todoId = fields.get(CommandEntry.TODO_ID);
    Mono<Written> pending = Mono.just(new Written(commandId, todoId, null, waitForResult));
    // TODO: pass Idempotency-Key through. The intake scopes keys by todo ID, which POST /todos
    // assigns anew on every request, so a retried create would not be recognised.
    return intake
        .accept(fields, null)
        .flatMap(
            accepted ->
                Mono.fromCompletionStage(
                    statuses.acceptedAsync(
                        commandId, todoId, accepted.partition(), accepted.entryId().toString())))
        .then(waitForResult ? awaitFinal(commandId, todoId).switchIfEmpty(pending) : pending);
  }

  private Mono<Written> awaitFinal(String commandId, String todoId) {
    return Mono.defer(() -> Mono.fromCompletionStage(statuses.findAsync(commandId)))
        .filter(status -> status.status() != null && status.status().isFinal())
        .repeatWhenEmpty(attempts -> attempts.delayElements(POLL_INTERVAL))
        .timeout(writeWait, Mono.empty())
        .map(status -> new Written(commandId, todoId, status, true));
  }

  /**
   * A command that is in its stream.
   *
   * @param status its final status, or null when it was not final within the wait
   * @param waited false when the client asked not to wait
   */
  record Written(String commandId, String todoId, CommandStatusRecord status, boolean waited) {

    boolean isApplied() {
      return status != null && status.status() == CommandStatus.APPLIED;
    }
  }
}
