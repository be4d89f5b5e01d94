package dev.todomesh.gateway.api;

import dev.todomesh.activities.status.CommandStatus;
import dev.todomesh.activities.status.CommandStatusRecord;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A write whose command was rejected by its todo's workflow or dead-lettered by the pump.
 *
 * <p>Every rule the workflow checks today is about a missing or deleted todo, so a rejection is
 * a {@code 404}. A dead-lettered command is a {@code 500}: the request was valid, but it could
 * not be delivered.
 */
final class CommandFailedException extends ErrorResponseException {

  CommandFailedException(CommandStatusRecord status) {
    super(statusOf(status), problem(status), null);
  }

  private static HttpStatus statusOf(CommandStatusRecord status) {
    return status.status() == CommandStatus.REJECTED
        ? HttpStatus.NOT_FOUND
        : HttpStatus.INTERNAL_SERVER_ERROR;
  }

  private static ProblemDetail problem(CommandStatusRecord status) {
    boolean rejected = status.status() == CommandStatus.REJECTED;
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            statusOf(status),
            rejected
                ? "Command rejected: " + status.reason()
                : "Command " + status.commandId() + " could not be delivered: " + status.reason());
    problem.setTitle(rejected ? "Todo not found" : "Command dead-lettered");
    problem.setProperty("commandId", status.commandId());
    problem.setProperty("commandStatus", status.status().wireName());
    return problem;
  }
}
