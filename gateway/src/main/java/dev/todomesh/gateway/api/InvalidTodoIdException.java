package dev.todomesh.gateway.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A todo ID in the path does not match {@link TodoIds#PATTERN}. */
final class InvalidTodoIdException extends ErrorResponseException {

  InvalidTodoIdException(String id) {
    super(HttpStatus.BAD_REQUEST, problem(id), null);
  }

  private static ProblemDetail problem(String id) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            "Todo ID '"
                + id
                + "' is invalid: use 1 to 128 characters from A-Z, a-z, 0-9 and . _ ~ : -");
    problem.setTitle("Invalid todo ID");
    return problem;
  }
}
