package dev.todomesh.gateway.api;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A request body that parsed as JSON but has invalid fields; lists each of them. */
final class InvalidRequestBodyException extends ErrorResponseException {

  InvalidRequestBodyException(List<Map<String, String>> errors) {
    super(HttpStatus.BAD_REQUEST, problem(errors), null);
  }

  private static ProblemDetail problem(List<Map<String, String>> errors) {
    String detail =
        errors.stream()
            .map(error -> (error.get("field") + " " + error.get("message")).strip())
            .collect(Collectors.joining("; "));
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setTitle("Invalid request body");
    problem.setProperty("errors", errors);
    return problem;
  }
}
