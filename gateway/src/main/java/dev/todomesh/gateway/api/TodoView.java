package dev.todomesh.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.todomesh.workflows.TodoState;
import java.time.Instant;

/**
 * A todo as the API returns it: the Todo-Backend fields ({@code title}, {@code completed},
 * {@code order}, {@code url}) and todo-mesh's own.
 *
 * @param url absolute URL of the todo
 * @param version number of changes applied to the todo, including sent reminders
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TodoView(
    String id,
    String title,
    boolean completed,
    Integer order,
    String url,
    Instant dueAt,
    Instant createdAt,
    Instant updatedAt,
    String lastCommandId,
    String sessionId,
    long version) {

  static TodoView of(TodoState state, String url) {
    return new TodoView(
        state.id(),
        state.title(),
        state.completed(),
        state.order(),
        url,
        state.dueAt(),
        state.createdAt(),
        state.updatedAt(),
        state.lastCommandId(),
        state.sessionId(),
        state.version());
  }
}
