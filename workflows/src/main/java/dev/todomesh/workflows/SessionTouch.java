package dev.todomesh.workflows;

import java.time.Instant;

/**
 * Signal payload and activity input: a command of a client session reached one of its todos.
 *
 * @param time the command's acceptance time
 */
public record SessionTouch(String sessionId, String todoId, String commandId, Instant time) {}
