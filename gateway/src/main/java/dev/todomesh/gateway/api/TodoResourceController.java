package dev.todomesh.gateway.api;

import dev.todomesh.activities.readmodel.TodoPage;
import dev.todomesh.activities.readmodel.TodoReadModel;
import dev.todomesh.gateway.api.CommandWriter.Written;
import dev.todomesh.gateway.config.ConditionalOnRole;
import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.stream.CommandEntry;
import dev.todomesh.gateway.stream.CommandIntake;
import dev.todomesh.workflows.CommandType;
import dev.todomesh.workflows.TodoState;
import dev.todomesh.workflows.TodoWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import jakarta.validation.Valid;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Todo-Backend resource: {@code /todos} and {@code /todos/{id}}.
 *
 * <p>Writes go through the command streams like every other write and return once the command
 * is applied, so a read right after them returns the change. When the command is not applied within {@code
 * todo-mesh.api.write-wait}, or the client sent {@code Prefer: respond-async}, the response is
 * {@code 202 Accepted} with the command's status URL. Reads come from the read model, or from
 * the todo's workflow with {@code ?consistency=strong}.
 */
@RestController
@RequestMapping("/todos")
@ConditionalOnRole(TodoMeshProperties.Role.API)
class TodoResourceController {

  static final String SESSION_HEADER = "X-Session-Id";
  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1_000;

  /** Deletes in flight at once for {@code DELETE /todos}; each todo has its own workflow. */
  static final int DELETE_ALL_CONCURRENCY = 16;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** OpenAPI description of the {@code 202} that a write returns when it did not wait. */
  private static final String QUEUED =
      "Queued, not yet applied (Prefer: respond-async, or the wait timed out)";

  private final CommandWriter writer;
  private final TodoReadModel readModel;
  private final WorkflowClient workflowClient;
  private final Clock clock = Clock.systemUTC();

  TodoResourceController(
      CommandWriter writer, TodoReadModel readModel, WorkflowClient workflowClient) {
    this.writer = writer;
    this.readModel = readModel;
    this.workflowClient = workflowClient;
  }

  /** Lists existing todos in creation order; a {@code Link: rel="next"} header continues it. */
  @GetMapping
  Mono<ResponseEntity<List<TodoView>>> list(
      @RequestParam(required = false) Boolean completed,
      @RequestParam(required = false) String session,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) Integer limit,
      ServerHttpRequest request) {
    int pageSize = limit == null ? DEFAULT_PAGE_SIZE : limit;
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new InvalidParameterException(
          "limit " + pageSize + " is out of range: use 1 to " + MAX_PAGE_SIZE);
    }
    String sessionId = session == null ? null : requireValidSession(session);
    try {
      return Mono.fromCompletionStage(readModel.listAsync(sessionId, completed, cursor, pageSize))
          .map(result -> toListResponse(result, request));
    } catch (IllegalArgumentException e) {
      throw new InvalidParameterException(e.getMessage() + "; use the cursor from a Link header");
    }
  }

  /**
   * Creates a todo with a new ID and returns {@code 201} with it once applied. With an {@code
   * Idempotency-Key}, the ID is derived from the key (and the session), so a retried create
   * names the same todo, appends nothing and returns the first request's result.
   */
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @ApiResponse(responseCode = "201", description = "Created and applied; the body is the todo")
  @ApiResponse(responseCode = "202", description = QUEUED)
  Mono<ResponseEntity<Object>> create(
      @Valid @RequestBody CreateTodoRequest body,
      @RequestHeader(name = SESSION_HEADER, required = false) String session,
      @RequestHeader(name = "Prefer", required = false) String prefer,
      @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
      ServerHttpRequest request) {
    CommandIntake.IdempotencyKey idempotency =
        IdempotencyKeys.of(
            idempotencyKey,
            "POST /todos",
            body.title(),
            String.valueOf(body.completed()),
            String.valueOf(body.order()),
            String.valueOf(body.dueAt()),
            String.valueOf(session));
    String todoId =
        idempotency == null
            ? UUID.randomUUID().toString()
            : UUID.nameUUIDFromBytes(
                    ("POST /todos\n" + session + "\n" + idempotencyKey)
                        .getBytes(StandardCharsets.UTF_8))
                .toString();
    ObjectNode payload =
        JSON.createObjectNode()
            .put("title", body.title())
            .put("completed", Boolean.TRUE.equals(body.completed()));
    if (body.order() != null) {
      payload.put("order", body.order());
    }
    if (body.dueAt() != null) {
      payload.put("dueAt", body.dueAt().toString());
    }
    return writer
        .write(
            fields(CommandType.UPSERT, todoId, payload, session), idempotency, !respondAsync(prefer))
        .flatMap(
            written ->
                respondWithTodo(written, request, HttpStatus.CREATED));
  }

  /** Deletes every existing todo; returns {@code 204} once all deletes are applied. */
  @DeleteMapping
  @ApiResponse(responseCode = "204", description = "Every todo deleted", content = @Content)
  @ApiResponse(responseCode = "202", description = QUEUED)
  Mono<ResponseEntity<Object>> deleteAll(
      @RequestHeader(name = SESSION_HEADER, required = false) String session,
      @RequestHeader(name = "Prefer", required = false) String prefer) {
    String sessionId = session == null ? null : requireValidSession(session);
    boolean wait = !respondAsync(prefer);
    return allTodoIds()
        .flatMap(
            todoId ->
                writer.write(
                    fields(CommandType.DELETE, todoId, JSON.createObjectNode(), sessionId), wait),
            DELETE_ALL_CONCURRENCY)
        .collectList()
        .map(
            written ->
                written.stream().allMatch(w -> w.status() != null)
                    ? ResponseEntity.noContent().build()
                    : ResponseEntity.accepted()
                        .body(
                            Map.of(
                                "commandIds",
                                written.stream().map(Written::commandId).toList())));
  }

  /** Returns the todo from the read model, or from its workflow with {@code consistency=strong}. */
  @GetMapping("/{id}")
  Mono<TodoView> get(
      @PathVariable String id,
      @RequestParam(defaultValue = "eventual") String consistency,
      ServerHttpRequest request) {
    String todoId = TodoIds.requireValid(id);
    Mono<TodoState> state =
        switch (consistency) {
          case "eventual" -> Mono.fromCompletionStage(readModel.findAsync(todoId));
          case "strong" ->
              Mono.fromCallable(() -> queryWorkflow(todoId))
                  .subscribeOn(Schedulers.boundedElastic());
          default ->
              throw new InvalidParameterException(
                  "consistency '" + consistency + "' is invalid: use eventual or strong");
        };
    return state
        .filter(found -> !found.deleted())
        .switchIfEmpty(Mono.error(() -> new TodoNotFoundException(todoId)))
        .map(found -> TodoView.of(found, TodoUrls.of(request, todoId)));
  }

  /** Changes some fields of the todo; returns {@code 200} with it once applied. */
  @PatchMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
  @ApiResponse(responseCode = "200", description = "Applied; the body is the todo")
  @ApiResponse(responseCode = "202", description = QUEUED)
  Mono<ResponseEntity<Object>> patch(
      @PathVariable String id,
      @RequestBody JsonNode body,
      @RequestHeader(name = SESSION_HEADER, required = false) String session,
      @RequestHeader(name = "Prefer", required = false) String prefer,
      ServerHttpRequest request) {
    String todoId = TodoIds.requireValid(id);
    ObjectNode payload = TodoPatchBody.validate(body);
    return writer
        .write(fields(CommandType.PATCH, todoId, payload, session), !respondAsync(prefer))
        .flatMap(written -> respondWithTodo(written, request, HttpStatus.OK));
  }

  /** Deletes the todo; returns {@code 204} once applied. */
  @DeleteMapping("/{id}")
  @ApiResponse(responseCode = "204", description = "Deleted", content = @Content)
  @ApiResponse(responseCode = "202", description = QUEUED)
  Mono<ResponseEntity<Object>> delete(
      @PathVariable String id,
      @RequestHeader(name = SESSION_HEADER, required = false) String session,
      @RequestHeader(name = "Prefer", required = false) String prefer) {
    String todoId = TodoIds.requireValid(id);
    return writer
        .write(
            fields(CommandType.DELETE, todoId, JSON.createObjectNode(), session),
            !respondAsync(prefer))
        .map(
            written -> {
              if (written.status() == null) {
                return accepted(written);
              }
              if (!written.isApplied()) {
                throw new CommandFailedException(written.status());
              }
              return ResponseEntity.noContent().build();
            });
  }

  private Map<String, String> fields(
      CommandType type, String todoId, ObjectNode payload, String session) {
    Map<String, String> fields =
        CommandEntry.encode(type, UUID.randomUUID().toString(), todoId, clock.instant(), payload);
    if (session != null) {
      fields.put(CommandEntry.SESSION_ID, requireValidSession(session));
    }
    return fields;
  }

  private Mono<ResponseEntity<Object>> respondWithTodo(
      Written written, ServerHttpRequest request, HttpStatus status) {
    return todoResponse(written, request, status)
        .map(
            response ->
                written.replayed()
                    ? ResponseEntity.status(response.getStatusCode())
                        .headers(response.getHeaders())
                        .header(IdempotencyKeys.REPLAYED_HEADER, "true")
                        .body(response.getBody())
                    : response);
  }

  private Mono<ResponseEntity<Object>> todoResponse(
      Written written, ServerHttpRequest request, HttpStatus status) {
    if (written.status() == null) {
      return Mono.just(accepted(written));
    }
    if (!written.isApplied()) {
      return Mono.error(new CommandFailedException(written.status()));
    }
    String url = TodoUrls.of(request, written.todoId());
    // The read model is written before the command is marked applied, so the todo is there
    // unless a later delete has removed it meanwhile.
    return Mono.fromCompletionStage(readModel.findAsync(written.todoId()))
        .map(
            state ->
                ResponseEntity.status(status)
                    .location(URI.create(url))
                    .<Object>body(TodoView.of(state, url)))
        .defaultIfEmpty(accepted(written));
  }

  /**
   * Returns {@code 202} for a command that is not final yet. {@code Preference-Applied} is sent
   * only when the client asked for {@code respond-async}, not after a wait that ran out.
   */
  private static ResponseEntity<Object> accepted(Written written) {
    ResponseEntity.BodyBuilder response =
        ResponseEntity.accepted().location(URI.create("/commands/" + written.commandId()));
    if (!written.waited()) {
      response.header("Preference-Applied", "respond-async");
    }
    return response.body(new CommandAccepted(written.commandId(), written.todoId()));
  }

  private ResponseEntity<List<TodoView>> toListResponse(TodoPage page, ServerHttpRequest request) {
    List<TodoView> todos = new ArrayList<>();
    for (TodoState state : page.todos()) {
      todos.add(TodoView.of(state, TodoUrls.of(request, state.id())));
    }
    ResponseEntity.BodyBuilder response = ResponseEntity.ok();
    if (page.nextCursor() != null) {
      String next =
          UriComponentsBuilder.fromUri(request.getURI())
              .replaceQueryParam("cursor", page.nextCursor())
              .build()
              .toUriString();
      response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
    }
    return response.body(todos);
  }

  /** Returns the IDs of every existing todo, reading the read model page by page. */
  private Flux<String> allTodoIds() {
    return Mono.fromCompletionStage(readModel.listAsync(null, null, null, MAX_PAGE_SIZE))
        .expand(
            page ->
                page.nextCursor() == null
                    ? Mono.empty()
                    : Mono.fromCompletionStage(
                        readModel.listAsync(null, null, page.nextCursor(), MAX_PAGE_SIZE)))
        .flatMapIterable(TodoPage::todos)
        .map(TodoState::id);
  }

  private TodoState queryWorkflow(String todoId) {
    try {
      return workflowClient
          .newWorkflowStub(TodoWorkflow.class, TodoWorkflow.workflowId(todoId))
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

  /** Returns true for an RFC 7240 {@code Prefer} header that contains {@code respond-async}. */
  static boolean respondAsync(String prefer) {
    if (prefer == null) {
      return false;
    }
    for (String preference : prefer.split(",")) {
      if (preference.strip().split(";")[0].strip().equalsIgnoreCase("respond-async")) {
        return true;
      }
    }
    return false;
  }

  static String requireValidSession(String session) {
    if (!TodoIds.PATTERN.matcher(session).matches()) {
      throw new InvalidParameterException(
          "Session ID '"
              + session
              + "' is invalid: use 1 to 128 characters from A-Z, a-z, 0-9 and . _ ~ : -");
    }
    return session;
  }
}
