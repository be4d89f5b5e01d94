package dev.todomesh.gateway.inspect;

import dev.todomesh.activities.readmodel.TodoReadModel;
import dev.todomesh.gateway.config.ConditionalOnRole;
import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.workflows.TodoSearchAttributes;
import io.swagger.v3.oas.annotations.Hidden;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Serves the inspector page, a static page that reads the HTTP API. The page's own routes are
 * left out of the OpenAPI description because they are not API.
 *
 * <p>The page shows todos, a todo's state and history timeline, and pump health. Its scripts and
 * styles are under {@code /inspect/}.
 *
 * <p>With {@code todo-mesh.security.enabled} the page and its scripts load without
 * credentials, and the page sends the API key that the user enters with its API requests.
 */
@RestController
@ConditionalOnRole(TodoMeshProperties.Role.API)
class InspectorController {

  private static final Resource PAGE = new ClassPathResource("static/inspect/index.html");

  private final TodoWorkflowListing listing;
  private final TodoReadModel readModel;
  private final String temporalUiUrl;
  private final String namespace;

  InspectorController(
      WorkflowServiceStubs stubs,
      TodoMeshProperties properties,
      InspectProperties inspect,
      TodoReadModel readModel) {
    this.namespace = properties.temporal().namespace();
    this.readModel = readModel;
    this.listing = new TodoWorkflowListing(stubs, namespace);
    this.temporalUiUrl = inspect.temporalUiBase();
  }

  @Hidden
  @GetMapping({"/inspect", "/inspect/"})
  ResponseEntity<Resource> page() {
    return ResponseEntity.ok()
        .contentType(MediaType.TEXT_HTML)
        .cacheControl(CacheControl.noCache())
        .body(PAGE);
  }

  /** Returns the settings the page needs: the Temporal UI base URL (may be empty) and namespace. */
  @Hidden
  @GetMapping("/inspect/config")
  Map<String, String> config() {
    return Map.of("temporalUiUrl", temporalUiUrl, "namespace", namespace);
  }

  /**
   * Returns the todo workflows that Temporal lists, at most {@value TodoWorkflowListing#MAX_TODOS}.
   * Where the listing has no status or title, as from the embedded test server, they come from
   * the read model.
   */
  @GetMapping("/admin/todos")
  Mono<List<TodoWorkflowListing.TodoSummary>> todos() {
    return Mono.fromCallable(listing::list)
        .subscribeOn(Schedulers.boundedElastic())
        .flatMapMany(Flux::fromIterable)
        .flatMapSequential(this::withReadModel)
        .collectList();
  }

  private Mono<TodoWorkflowListing.TodoSummary> withReadModel(
      TodoWorkflowListing.TodoSummary todo) {
    if (todo.status() != null && todo.title() != null) {
      return Mono.just(todo);
    }
    return Mono.fromCompletionStage(readModel.findAsync(todo.todoId()))
        .map(
            state ->
                new TodoWorkflowListing.TodoSummary(
                    todo.todoId(),
                    todo.workflowId(),
                    todo.runId(),
                    todo.startTime(),
                    todo.status() != null ? todo.status() : TodoSearchAttributes.status(state),
                    todo.title() != null ? todo.title() : state.title()))
        .defaultIfEmpty(todo);
  }
}
