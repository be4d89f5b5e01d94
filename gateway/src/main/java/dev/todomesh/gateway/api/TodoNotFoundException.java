package dev.todomesh.gateway.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No todo with this ID has had a command applied. */
final class TodoNotFoundException extends ErrorResponseException {

  TodoNotFoundException(String id) {
    super(HttpStatus.NOT_FOUND, problem(id), null);
  }

  private static ProblemDetail problem(String id) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.NOT_FOUND,
            "Todo '"
                + id
                + "' not found. A todo exists once its first command is applied, shortly after"
                + " the POST that created it returned 202");
    problem.setTitle("Todo not found");
    return problem;
  }
}
