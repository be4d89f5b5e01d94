package dev.todomesh.gateway.api;

import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.stream.CommandIntake;
import java.util.List;
import java.util.Map;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Turns every API error into RFC 9457 problem details whose {@code detail} states what was wrong
 * with the request and how to fix it.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  private final DataSize maxBodySize;

  ApiExceptionHandler(TodoMeshProperties properties) {
    this.maxBodySize = properties.api().maxBodySize();
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(
      WebExchangeBindException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    List<Map<String, String>> errors =
        ex.getFieldErrors().stream()
            .map(
                error ->
                    Map.of(
                        "field", error.getField(),
                        "message", String.valueOf(error.getDefaultMessage())))
            .toList();
    String detail =
        errors.stream()
            .map(error -> error.get("field") + " " + error.get("message"))
            .reduce((a, b) -> a + "; " + b)
            .orElse("request body is invalid");
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setTitle("Invalid request body");
    problem.setProperty("errors", errors);
    return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, exchange);
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleServerWebInputException(
      ServerWebInputException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    if (findCause(ex, DataBufferLimitException.class) != null) {
      return handleExceptionInternal(
          ex, bodyTooLarge(), headers, HttpStatus.CONTENT_TOO_LARGE, exchange);
    }
    ProblemDetail problem =
        isRequestParameter(ex)
            ? invalidParameter(ex.getMethodParameter())
            : RequestBodyErrors.describe(ex);
    return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, exchange);
  }

  @ExceptionHandler(DataBufferLimitException.class)
  ResponseEntity<ProblemDetail> handleBodyTooLarge(DataBufferLimitException ex) {
    return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(bodyTooLarge());
  }

  @ExceptionHandler(CommandIntake.BacklogFullException.class)
  ResponseEntity<ProblemDetail> handleBacklogFull(CommandIntake.BacklogFullException ex) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.TOO_MANY_REQUESTS,
            "The command was not accepted because "
                + ex.getMessage()
                + ". Retry after the number of seconds in Retry-After.");
    problem.setTitle("Command backlog full");
    problem.setProperty("partition", ex.partition());
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, "1")
        .body(problem);
  }

  @ExceptionHandler(CommandIntake.IdempotencyConflictException.class)
  ResponseEntity<ProblemDetail> handleIdempotencyConflict(
      CommandIntake.IdempotencyConflictException ex) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
    problem.setTitle("Idempotency-Key reused");
    problem.setProperty("originalCommandId", ex.originalCommandId());
    return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(problem);
  }

  @ExceptionHandler(RedisException.class)
  ResponseEntity<ProblemDetail> handleRedisUnavailable(RedisException ex) {
    log.warn("Redis request failed: error={}", ex.toString());
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE,
            "The command queue (Redis) is unavailable; the command was not accepted. Retry later.");
    problem.setTitle("Command queue unavailable");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "1")
        .body(problem);
  }

  @ExceptionHandler(io.grpc.StatusRuntimeException.class)
  ResponseEntity<ProblemDetail> handleTemporalUnavailable(io.grpc.StatusRuntimeException ex) {
    log.warn("Temporal request failed: status={}", ex.getStatus());
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE,
            "Temporal did not answer the request (" + ex.getStatus().getCode() + "). Retry later.");
    problem.setTitle("Temporal unavailable");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "1")
        .body(problem);
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleExceptionInternal(
      Exception ex,
      Object body,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    if (status.value() == HttpStatus.CONTENT_TOO_LARGE.value()) {
      body = bodyTooLarge();
    }
    return super.handleExceptionInternal(ex, body, headers, status, exchange);
  }

  private ProblemDetail bodyTooLarge() {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.CONTENT_TOO_LARGE,
            "Request body is larger than "
                + maxBodySize.toBytes()
                + " bytes, the limit set by todo-mesh.api.max-body-size;"
                + " send a smaller body or raise the limit");
    problem.setTitle("Request body too large");
    problem.setProperty("maxBodyBytes", maxBodySize.toBytes());
    return problem;
  }

  private static boolean isRequestParameter(ServerWebInputException ex) {
    MethodParameter parameter = ex.getMethodParameter();
    return parameter != null
        && (parameter.hasParameterAnnotation(RequestParam.class)
            || parameter.hasParameterAnnotation(PathVariable.class)
            || parameter.hasParameterAnnotation(RequestHeader.class));
  }

  private static ProblemDetail invalidParameter(MethodParameter parameter) {
    String name = parameter.getParameterName();
    RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
    if (query != null && !query.name().isEmpty()) {
      name = query.name();
    }
    String kind = parameter.hasParameterAnnotation(RequestParam.class) ? "Query parameter" : "Parameter";
    String type =
        Number.class.isAssignableFrom(parameter.getParameterType())
                || parameter.getParameterType() == int.class
                || parameter.getParameterType() == long.class
            ? "an integer"
            : "of type " + parameter.getParameterType().getSimpleName();
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST, kind + " '" + name + "' is missing or not " + type);
    problem.setTitle("Invalid request parameter");
    return problem;
  }

  private static <T extends Throwable> T findCause(Throwable error, Class<T> type) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
    }
    return null;
  }
}
