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
    return write(fields, null, waitForResult);
  }

  /**
   * Like {@link #write(Map, boolean)}, with the client's idempotency key. A repeated request
   * appends nothing and waits for the command of the first one, whose ID the result carries.
   */
  Mono<Written> write(
      Map<String, String> fields,
      CommandIntake.IdempotencyKey idempotency,
      boolean waitForResult) {
    String todoId = fields.get(CommandEntry.TODO_ID);
    return intake
        .accept(fields, idempotency)
        .flatMap(
            accepted -> {
              String commandId = accepted.commandId();
              Mono<Written> pending =
                  Mono.just(
                      new Written(commandId, todoId, null, waitForResult, accepted.replayed()));
              Mono<Written> result =
                  waitForResult
                      ? awaitFinal(commandId, todoId, accepted.replayed()).switchIfEmpty(pending)
                      : pending;
              if (accepted.replayed()) {
                return result;
              }
              return Mono.fromCompletionStage(
                      statuses.acceptedAsync(
                          commandId, todoId, accepted.partition(), accepted.entryId().toString()))
                  .then(result);
            });
  }

  private Mono<Written> awaitFinal(String commandId, String todoId, boolean replayed) {
    return Mono.defer(() -> Mono.fromCompletionStage(statuses.findAsync(commandId)))
        .filter(status -> status.status() != null && status.status().isFinal())
        .repeatWhenEmpty(attempts -> attempts.delayElements(POLL_INTERVAL))
        .timeout(writeWait, Mono.empty())
        .map(status -> new Written(commandId, todoId, status, true, replayed));
  }

  /**
   * A command that is in its stream.
   *
   * @param status its final status, or null when it was not final within the wait
   * @param waited false when the client asked not to wait
   * @param replayed true when an idempotency key matched an earlier request
   */
  record Written(
      String commandId,
      String todoId,
      CommandStatusRecord status,
      boolean waited,
      boolean replayed) {

    boolean isApplied() {
      return status != null && status.status() == CommandStatus.APPLIED;
    }
  }
}
