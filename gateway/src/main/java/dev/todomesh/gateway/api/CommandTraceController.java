package dev.todomesh.gateway.api;

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

  CommandTraceController(WorkflowClient workflowClient) {
    this.traces = new CommandTraces(new WorkflowHistories(workflowClient));
  }

  /**
   * Returns the command's workflow ID, run ID, stream entry and the events that delivered and
   * applied it; {@code 404} until the pump has delivered it.
   *
   * <p>NOTE: the todo ID is required because the command ID alone does not name the workflow to
   * search. The {@code 202} response that returned the command ID also contains the todo ID.
   */
  @GetMapping("/commands/{commandId}/trace")
  Mono<CommandTrace> trace(@PathVariable String commandId, @RequestParam String todoId) {
    String validTodoId = TodoIds.requireValid(todoId);
    if (!TodoIds.PATTERN.matcher(commandId).matches()) {
      throw invalidCommandId(commandId);
    }
    return Mono.fromCallable(
            () ->
                traces
                    .find(validTodoId, commandId)
                    .orElseThrow(() -> notDelivered(commandId, validTodoId)))
        .subscribeOn(Schedulers.boundedElastic());
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
