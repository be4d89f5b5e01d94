package dev.todomesh.activities.status;

import java.time.Instant;

/**
 * Stored status of one command.
 *
 * @param version the todo's version after the command, for {@link CommandStatus#APPLIED}
 * @param reason why the command was rejected or dead-lettered; otherwise null
 * @param updatedAt when the status was last changed
 */
public record CommandStatusRecord(
    String commandId,
    String todoId,
    CommandStatus status,
    Long version,
    String reason,
    Instant updatedAt) {}
