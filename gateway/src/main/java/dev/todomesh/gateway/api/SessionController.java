package dev.todomesh.gateway.api;

import dev.todomesh.gateway.config.ConditionalOnRole;
import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.workflows.SessionState;
import dev.todomesh.workflows.SessionWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** State of a client session, read from its session workflow with a query. */
@RestController
@ConditionalOnRole(TodoMeshProperties.Role.API)
class SessionController {

  private final WorkflowClient workflowClient;

  SessionController(WorkflowClient workflowClient) {
    this.workflowClient = workflowClient;
  }

  @GetMapping("/sessions/{id}")
  Mono<SessionState> get(@PathVariable String id) {
    String sessionId = TodoResourceController.requireValidSession(id);
    return Mono.fromCallable(() -> query(sessionId))
        .subscribeOn(Schedulers.boundedElastic())
        .switchIfEmpty(Mono.error(() -> notFound(sessionId)));
  }

  private SessionState query(String sessionId) {
    try {
      return workflowClient
          .newWorkflowStub(SessionWorkflow.class, SessionWorkflow.workflowId(sessionId))
          .state();
    } catch (WorkflowNotFoundException e) {
      return null;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  private static ErrorResponseException notFound(String sessionId) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.NOT_FOUND,
            "Session '"
                + sessionId
                + "' not found. A session starts when a write with the header X-Session-Id: "
                + sessionId
                + " is applied");
    problem.setTitle("Session not found");
    return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
  }
}
