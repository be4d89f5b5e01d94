package dev.todomesh.gateway.api;

import dev.todomesh.gateway.config.ConditionalOnRole;
import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.stream.CommandEntry;
import dev.todomesh.gateway.stream.CommandIntake;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Queued writes of whole todos under a client-chosen ID. Reads of {@code /todos/{id}} are served
 * by {@link TodoResourceController}.
 */
@RestController
@RequestMapping("/todos")
@ConditionalOnRole(TodoMeshProperties.Role.API)
class TodoController {

  private final CommandWriter writer;
  private final Clock clock;

  TodoController(CommandWriter writer) {
    this.writer = writer;
    this.clock = Clock.systemUTC();
  }

  /**
   * Queues an upsert of the todo and returns {@code 202} once the command is in Redis. The
   * todo's workflow applies it shortly after.
   */
  @PostMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @ApiResponse(responseCode = "202", description = "The command is queued; Location names its status")
  Mono<ResponseEntity<CommandAccepted>> upsert(
      @PathVariable String id,
      @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
      @RequestHeader(name = TodoResourceController.SESSION_HEADER, required = false)
          String session,
      @Valid @RequestBody UpsertTodoRequest request) {
    String todoId = TodoIds.requireValid(id);
    String sessionId =
        session == null ? null : TodoResourceController.requireValidSession(session);
    String commandId = UUID.randomUUID().toString();
    Map<String, String> fields =
        CommandEntry.upsert(
            commandId, todoId, request.title(), request.isCompleted(), clock.instant());
    if (sessionId != null) {
      fields.put(CommandEntry.SESSION_ID, sessionId);
    }
    CommandIntake.IdempotencyKey idempotency =
        IdempotencyKeys.of(
            idempotencyKey,
            "POST /todos/" + todoId,
            request.title(),
            Boolean.toString(request.isCompleted()),
            sessionId == null ? "" : sessionId);
    return writer.write(fields, idempotency, false).map(TodoController::accepted);
  }

  private static ResponseEntity<CommandAccepted> accepted(CommandWriter.Written command) {
    ResponseEntity.BodyBuilder response =
        ResponseEntity.accepted().location(URI.create("/commands/" + command.commandId()));
    if (command.replayed()) {
      response.header(IdempotencyKeys.REPLAYED_HEADER, "true");
    }
    return response.body(new CommandAccepted(command.commandId(), command.todoId()));
  }
}
