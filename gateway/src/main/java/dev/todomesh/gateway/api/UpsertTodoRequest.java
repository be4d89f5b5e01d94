package dev.todomesh.gateway.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /todos/{id}}: the whole todo. Unknown fields are rejected so a typo does
 * not pass silently.
 *
 * @param completed completion flag; absent means false
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record UpsertTodoRequest(
    @NotBlank(message = "must be a non-blank string")
        @Size(max = MAX_TITLE_LENGTH, message = "must be at most {max} characters")
        String title,
    Boolean completed) {

  public static final int MAX_TITLE_LENGTH = 1_000;

  public boolean isCompleted() {
    return Boolean.TRUE.equals(completed);
  }
}
