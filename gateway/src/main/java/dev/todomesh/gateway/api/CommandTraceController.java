package dev.todomesh.gateway.api;

import dev.todomesh.activities.status.CommandStatusRecord;
import dev.todomesh.activities.status.CommandStatusStore;
import dev.todomesh.gateway.config.ConditionalOnRole;
import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.history.CommandTrace;
import dev.todomesh.gateway.history.CommandTraces;
import dev.todomesh.gateway.history.WorkflowHistories;
import io.temporal.client.WorkflowClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Looks up "where is my command?" in Temporal: the workflow run and history events that
 * received and applied a command.
 */
@RestController
@ConditionalOnRole(TodoMeshProperties.Role.API)
class CommandTraceController {

  private final CommandTraces traces;
  private final CommandStatusStore statuses;

  CommandTraceController(WorkflowClient workflowClient, CommandStatusStore statuses) {
    this.traces = new CommandTraces(new WorkflowHistories(workflowClient));
    this.statuses = statuses;
  }

  /**
   * Returns the command's workflow ID, run ID, stream entry and the events that delivered and
   * applied it; {@code 404} until the pump has delivered it.
   *
   * <p>Without {@code todoId} the todo comes from the command's status, which is kept for
   * {@code todo-mesh.read-model.retention}; after that, give the todo ID from the {@code 202}
   * response.
   */
  @GetMapping("/commands/{commandId}/trace")
  Mono<CommandTrace> trace(
      @PathVariable String commandId, @RequestParam(required = false) String todoId) {
    if (!TodoIds.PATTERN.matcher(commandId).matches()) {
      throw invalidCommandId(commandId);
    }
    Mono<CommandStatusRecord> status = Mono.fromCompletionStage(statuses.findAsync(commandId));
    if (todoId == null) {
      return status
          .switchIfEmpty(Mono.error(() -> unknownCommand(commandId)))
          .flatMap(found -> find(found.todoId(), commandId, found.runId()));
    }
    String knownTodoId = TodoIds.requireValid(todoId);
    // The stored run ID helps only when the status belongs to the todo the client named.
    return status
        .filter(found -> knownTodoId.equals(found.todoId()) && found.runId() != null)
        .map(CommandStatusRecord::runId)
        .defaultIfEmpty("")
        .flatMap(runId -> find(knownTodoId, commandId, runId.isEmpty() ? null : runId));
  }

  private Mono<CommandTrace> find(String todoId, String commandId, String runId) {
    return Mono.fromCallable(
            () ->
                traces
                    .find(todoId, commandId, runId)
                    .orElseThrow(() -> notDelivered(commandId, todoId)))
        .subscribeOn(Schedulers.boundedElastic());
  }

  private static ErrorResponseException unknownCommand(String commandId) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.NOT_FOUND,
            "Command '"
                + commandId
                + "' has no stored status, so its todo is unknown: it was never accepted, or its"
                + " status expired (todo-mesh.read-model.retention). Add ?todoId= to search that"
                + " todo's workflow history.");
    problem.setTitle("Command not found");
    return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
  }

  private static ErrorResponseException invalidCommandId(String commandId) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            "Command ID '" + commandId + "' is invalid: use the ID from a 202 answer's Location");
    problem.setTitle("Invalid command ID");
    return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
  }

  private static ErrorResponseException notDelivered(String commandId, String todoId) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.NOT_FOUND,
            "Command '"
                + commandId
                + "' is not in the workflow history of todo '"
                + todoId
                + "': the pump has not delivered it yet, it belongs to another todo, or its run"
                + " is older than the latest 100 runs. GET /admin/parked shows todos whose"
                + " commands are held back.");
    problem.setTitle("Command not delivered");
    return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
  }
}
