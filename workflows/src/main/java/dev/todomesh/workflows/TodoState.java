package dev.todomesh.workflows;

import java.time.Instant;

/**
 * Current state of one todo, as its workflow keeps it.
 *
 * @param version number of changes applied to this todo so far, starting at 1. A sent reminder
 *     counts as a change, but rejected and duplicate commands do not
 * @param order position the client chose for the todo, or null
 * @param dueAt time the todo's reminder is due, or null for no reminder
 * @param sessionId client session that created the todo, or null
 * @param deleted true once a delete was applied; a later upsert creates the todo again
 * @param reminderSentFor the {@code dueAt} whose reminder was sent, or null
 */
public record TodoState(
    String id,
    String title,
    boolean completed,
    Instant createdAt,
    Instant updatedAt,
    String lastCommandId,
    long version,
    Integer order,
    Instant dueAt,
    String sessionId,
    boolean deleted,
    Instant reminderSentFor) {

  /** Returns true when a reminder for {@link #dueAt()} is still to be sent. */
  public boolean reminderPending() {
    return dueAt != null && !completed && !deleted && !dueAt.equals(reminderSentFor);
  }
}
