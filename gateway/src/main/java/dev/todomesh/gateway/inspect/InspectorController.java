package dev.todomesh.gateway.inspect;

import dev.todomesh.gateway.config.ConditionalOnRole;
import dev.todomesh.gateway.config.TodoMeshProperties;
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
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Serves the inspector page, a static page that reads the HTTP API. The page's own routes are
 * left out of the OpenAPI description because they are not API.
 *
 * <p>The page shows todos, a todo's state and history timeline, and pump health. Its scripts and
 * styles are under {@code /inspect/}.
 *
 * <p>NOTE: a browser sends no API key or token, so with {@code todo-mesh.security.enabled} the
 * page and the requests it makes are rejected with 401.
 */
@RestController
@ConditionalOnRole(TodoMeshProperties.Role.API)
class InspectorController {

  private static final Resource PAGE = new ClassPathResource("static/inspect/index.html");

  private final TodoWorkflowListing listing;
  private final String temporalUiUrl;
  private final String namespace;

  InspectorController(
      WorkflowServiceStubs stubs, TodoMeshProperties properties, InspectProperties inspect) {
    this.namespace = properties.temporal().namespace();
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
   */
  @GetMapping("/admin/todos")
  Mono<List<TodoWorkflowListing.TodoSummary>> todos() {
    return Mono.fromCallable(listing::list).subscribeOn(Schedulers.boundedElastic());
  }
}
