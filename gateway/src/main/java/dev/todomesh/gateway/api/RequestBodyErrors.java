package dev.todomesh.gateway.api;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns a request body that could not be read into problem details in API terms: which field
 * is wrong and what it must be, without Java class names or parser internals.
 */
final class RequestBodyErrors {

  private RequestBodyErrors() {}

  static ProblemDetail describe(ServerWebInputException ex) {
    JacksonException json = findJacksonCause(ex);
    String detail;
    List<Map<String, String>> errors = List.of();
    if (json instanceof UnrecognizedPropertyException unknown) {
      String known =
          unknown.getKnownPropertyIds().stream()
              .map(Object::toString)
              .sorted()
              .collect(Collectors.joining(", "));
      errors = List.of(fieldError(unknown.getPropertyName(), "is not a known field; known: " + known));
      detail = unknown.getPropertyName() + " is not a known field; known: " + known;
    } else if (json instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      String field = pathOf(mismatch);
      String message = "must be " + describeType(mismatch.getTargetType());
      errors = List.of(fieldError(field, message));
      detail = field + " " + message;
    } else if (json instanceof MismatchedInputException mismatch) {
      detail = "Request body must be a single JSON object";
    } else if (json instanceof StreamReadException malformed) {
      detail = "Request body is not valid JSON: " + malformed.getOriginalMessage() + at(malformed);
    } else if (json != null) {
      detail = "Request body is not valid: " + json.getOriginalMessage();
    } else {
      detail = ex.getReason() != null ? ex.getReason() : "Request body is missing or not readable";
    }
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setTitle("Invalid request body");
    if (!errors.isEmpty()) {
      problem.setProperty("errors", errors);
    }
    return problem;
  }

  private static Map<String, String> fieldError(String field, String message) {
    return Map.of("field", field, "message", message);
  }

  private static String pathOf(MismatchedInputException mismatch) {
    return mismatch.getPath().stream()
        .map(
            reference ->
                reference.getPropertyName() != null
                    ? reference.getPropertyName()
                    : "[" + reference.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  private static String describeType(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    return "a JSON object";
  }

  private static String at(StreamReadException malformed) {
    TokenStreamLocation location = malformed.getLocation();
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static JacksonException findJacksonCause(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof JacksonException json) {
        return json;
      }
    }
    return null;
  }
}
