package dev.todomesh.gateway.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * Body of {@code POST /todos}. Unknown fields are rejected so a typo does not pass silently.
 *
 * @param completed completion flag; absent means false
 * @param order position for clients that sort todos, or absent
 * @param dueAt time to send the todo's reminder, ISO-8601, or absent for none
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record CreateTodoRequest(
    @NotBlank(message = "must be a non-blank string")
        @Size(max = UpsertTodoRequest.MAX_TITLE_LENGTH, message = "must be at most {max} characters")
        String title,
    Boolean completed,
    Integer order,
    Instant dueAt) {}
