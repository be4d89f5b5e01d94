package dev.todomesh.gateway.api;

import dev.todomesh.gateway.config.ConditionalOnRole;
import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.history.HistoryDocuments;
import dev.todomesh.gateway.history.WorkflowHistories;
import dev.todomesh.workflows.TodoWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Exports a todo's workflow history in Temporal's JSON history format, which {@code
 * WorkflowExecutionHistory.fromJson}, {@code WorkflowReplayer} and this application's {@code
 * replay} command load.
 */
@RestController
@RequestMapping("/todos")
@ConditionalOnRole(TodoMeshProperties.Role.API)
class HistoryController {

  private static final Pattern RUN_ID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final WorkflowHistories histories;

  HistoryController(WorkflowClient workflowClient) {
    this.histories = new WorkflowHistories(workflowClient);
  }

  /**
   * Returns the history of the todo's latest run; of the run {@code runId}; or, with {@code
   * allRuns=true}, a JSON array with the history of every run across continue-as-new, oldest
   * first.
   */
  @GetMapping(path = "/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<String>> history(
      @PathVariable String id,
      @RequestParam(required = false) String runId,
      @RequestParam(defaultValue = "false") boolean allRuns) {
    String todoId = TodoIds.requireValid(id);
    if (runId != null && allRuns) {
      throw badRequest("Give either runId or allRuns=true, not both.");
    }
    if (runId != null && !RUN_ID.matcher(runId).matches()) {
      throw badRequest("runId '" + runId + "' is invalid: a run ID is a UUID.");
    }
    return Mono.fromCallable(() -> export(todoId, runId, allRuns))
        .subscribeOn(Schedulers.boundedElastic());
  }

  private ResponseEntity<String> export(String todoId, String runId, boolean allRuns) {
    String workflowId = TodoWorkflow.workflowId(todoId);
    if (allRuns) {
      List<WorkflowExecutionHistory> runs = histories.allRuns(workflowId);
      if (runs.isEmpty()) {
        throw new TodoNotFoundException(todoId);
      }
      return ok(HistoryDocuments.toJsonArray(runs));
    }
    if (runId == null) {
      WorkflowExecutionHistory latest =
          histories.latestRun(workflowId).orElseThrow(() -> new TodoNotFoundException(todoId));
      return ok(HistoryDocuments.toJson(latest));
    }
    WorkflowExecutionHistory run =
        histories.run(workflowId, runId).orElseThrow(() -> runNotFound(todoId, runId));
    return ok(HistoryDocuments.toJson(run));
  }

  private static ResponseEntity<String> ok(String json) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json);
  }

  private static ErrorResponseException badRequest(String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setTitle("Invalid history request");
    return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
  }

  private static ErrorResponseException runNotFound(String todoId, String runId) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.NOT_FOUND,
            "Todo '"
                + todoId
                + "' has no workflow run '"
                + runId
                + "'. GET /todos/"
                + todoId
                + "/history?allRuns=true lists every run.");
    problem.setTitle("Workflow run not found");
    return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
  }
}
