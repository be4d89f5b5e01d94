package dev.todomesh.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.todomesh.activities.status.CommandStatus;
import dev.todomesh.activities.status.CommandStatusRecord;
import dev.todomesh.activities.status.CommandStatusStore;
import dev.todomesh.gateway.config.ConditionalOnRole;
import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.pump.ParkedTodos;
import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.gateway.stream.StreamIds;
import dev.todomesh.workflows.StreamPosition;
import java.time.Instant;
import org.redisson.api.RStream;
import org.redisson.api.stream.StreamGroup;
import org.redisson.api.stream.StreamMessageId;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Status of a command, kept for {@code todo-mesh.read-model.retention} after its last change. */
@RestController
@ConditionalOnRole(TodoMeshProperties.Role.API)
class CommandStatusController {

  private final CommandStatusStore statuses;
  private final ParkedTodos parked;
  private final CommandStreams streams;
  private final String consumerGroup;

  CommandStatusController(
      CommandStatusStore statuses, CommandStreams streams, TodoMeshProperties properties) {
    this.statuses = statuses;
    this.parked = new ParkedTodos(streams, properties.pump().consumerGroup());
    this.streams = streams;
    this.consumerGroup = properties.pump().consumerGroup();
  }

  @GetMapping("/commands/{commandId}")
  Mono<CommandStatusView> get(@PathVariable String commandId) {
    if (!TodoIds.PATTERN.matcher(commandId).matches()) {
      throw new InvalidParameterException(
          "Command ID '" + commandId + "' is invalid: use the ID from a 202 answer's Location");
    }
    return Mono.fromCompletionStage(statuses.findAsync(commandId))
        .flatMap(this::withParking)
        .map(CommandStatusView::of)
        .switchIfEmpty(Mono.error(() -> notFound(commandId)));
  }

  /**
   * Reports a command that is not final yet as {@code parked} while its todo is parked: the
   * pump holds back the failed head command and every later one of that todo.
   */
  private Mono<CommandStatusRecord> withParking(CommandStatusRecord status) {
    if (status.status() == null || status.status().isFinal()) {
      return Mono.just(status);
    }
    return Mono.fromCallable(() -> parked.find(status.todoId()))
        .subscribeOn(Schedulers.boundedElastic())
        .map(
            parkedTodo ->
                parkedTodo
                    .map(
                        todo ->
                            status.withStatus(
                                CommandStatus.PARKED,
                                status.commandId().equals(todo.commandId())
                                    ? todo.error()
                                    : "waits behind parked command " + todo.commandId(),
                                todo.parkedAt()))
                    .orElseGet(() -> withDelivery(status)));
  }

  /**
   * Reports an accepted command as {@code dispatched} once the pump has acknowledged its entry.
   * The pump acknowledges only after Temporal accepted the signal, so an entry that the consumer
   * group has read and that is no longer pending has reached the workflow.
   */
  private CommandStatusRecord withDelivery(CommandStatusRecord status) {
    if (status.status() != CommandStatus.ACCEPTED || status.entryId() == null) {
      return status;
    }
    RStream<String, String> stream = streams.commandStream(status.partition());
    StreamMessageId entryId = StreamIds.parse(status.entryId());
    StreamMessageId lastRead =
        stream.listGroups().stream()
            .filter(group -> group.getName().equals(consumerGroup))
            .map(StreamGroup::getLastDeliveredId)
            .findFirst()
            .orElse(null);
    if (lastRead == null
        || new StreamPosition(status.partition(), status.entryId())
            .isAfter(new StreamPosition(status.partition(), lastRead.toString()))) {
      return status;
    }
    boolean pending = !stream.listPending(consumerGroup, entryId, entryId, 1).isEmpty();
    return pending ? status : status.withStatus(CommandStatus.DISPATCHED, null, status.updatedAt());
  }

  private static ErrorResponseException notFound(String commandId) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.NOT_FOUND,
            "Command '"
                + commandId
                + "' not found: it was never accepted, or its status expired after the retention"
                + " period (todo-mesh.read-model.retention)");
    problem.setTitle("Command not found");
    return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
  }

  /**
   * Body of {@code GET /commands/{commandId}}.
   *
   * @param status {@code accepted}, {@code dispatched}, {@code parked}, {@code applied}, {@code
   *     rejected} or {@code dead-lettered}
   * @param version the todo's version after the command, when applied
   * @param reason why it was rejected or dead-lettered
   * @param runId the workflow run that rejected it, when rejected
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CommandStatusView(
      String commandId,
      String todoId,
      String status,
      Long version,
      String reason,
      Instant updatedAt,
      String runId) {

    static CommandStatusView of(CommandStatusRecord record) {
      return new CommandStatusView(
          record.commandId(),
          record.todoId(),
          record.status() == null ? null : record.status().wireName(),
          record.version(),
          record.reason(),
          record.updatedAt(),
          record.runId());
    }
  }
}
