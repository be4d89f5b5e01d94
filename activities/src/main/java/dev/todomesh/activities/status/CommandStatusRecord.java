package dev.todomesh.activities.status;

import java.time.Instant;

/**
 * Stored status of one command.
 *
 * @param version the todo's version after the command, for {@link CommandStatus#APPLIED}
 * @param reason why the command was rejected or dead-lettered; otherwise null
 * @param updatedAt when the status was last changed
 * @param partition the command stream partition, when the API recorded it on acceptance
 * @param entryId the command's stream entry ID, when the API recorded it on acceptance
 * @param runId the workflow run that rejected the command, when the rejection recorded it
 */
public record CommandStatusRecord(
    String commandId,
    String todoId,
    CommandStatus status,
    Long version,
    String reason,
    Instant updatedAt,
    Integer partition,
    String entryId,
    String runId) {

  /** Returns a copy with another status and reason. */
  public CommandStatusRecord withStatus(CommandStatus newStatus, String newReason, Instant at) {
    return new CommandStatusRecord(
        commandId, todoId, newStatus, version, newReason, at, partition, entryId, runId);
  }
}
