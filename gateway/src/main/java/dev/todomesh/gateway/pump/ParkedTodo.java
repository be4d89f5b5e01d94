package dev.todomesh.gateway.pump;

import java.time.Instant;

/**
 * A todo whose head command failed permanently. The head command and every later command of
 * the todo wait in the stream, unacknowledged, until an operator retries or skips the head.
 *
 * @param entryId stream entry ID of the head command
 * @param error why the head command failed
 */
public record ParkedTodo(
    String todoId, int partition, String entryId, String commandId, String error, Instant parkedAt) {}
