package dev.todomesh.workflows;

import java.time.Instant;

/**
 * Activity input: a command that a todo's workflow rejected because it broke a business rule.
 *
 * @param reason what rule the command broke, in words a client can show
 */
public record CommandRejection(String commandId, String todoId, String reason, Instant time) {}
