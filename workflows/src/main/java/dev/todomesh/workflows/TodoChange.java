package dev.todomesh.workflows;

import java.time.Instant;

/**
 * Activity input: one change of a todo, to project into the read model and publish as an event.
 *
 * @param eventType one of the {@code todo.*} event types below
 * @param state the todo's state after the change; {@code state.version()} orders the changes
 * @param commandId command that caused the change, or null for a reminder
 * @param time when the change happened: the command's acceptance time, or the workflow time of a
 *     reminder
 */
public record TodoChange(String eventType, TodoState state, String commandId, Instant time) {

  public static final String CREATED = "todo.created";
  public static final String UPDATED = "todo.updated";
  public static final String DELETED = "todo.deleted";
  public static final String REMINDER_DUE = "todo.reminder-due";
}
