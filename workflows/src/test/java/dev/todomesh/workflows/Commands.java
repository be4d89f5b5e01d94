package dev.todomesh.workflows;

import java.time.Instant;

/** Builds commands for tests. */
final class Commands {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private Commands() {}

  /** Returns an upsert of {@code todoId} at stream entry {@code <sequence>-0} in partition 0. */
  static TodoCommand upsert(String todoId, long sequence, String title, boolean completed) {
    return new TodoCommand(
        "cmd-" + todoId + "-" + sequence,
        todoId,
        CommandType.UPSERT,
        title,
        completed,
        T0.plusSeconds(sequence),
        new StreamPosition(0, sequence + "-0"));
  }

  /** Returns an upsert with a due time and a session. */
  static TodoCommand upsertDue(String todoId, long sequence, Instant dueAt, String sessionId) {
    return new TodoCommand(
        "cmd-" + todoId + "-" + sequence,
        todoId,
        CommandType.UPSERT,
        "title " + sequence,
        false,
        T0.plusSeconds(sequence),
        new StreamPosition(0, sequence + "-0"),
        null,
        dueAt,
        null,
        sessionId);
  }

  /** Returns a patch of {@code todoId} with these changes. */
  static TodoCommand patch(String todoId, long sequence, TodoPatch patch) {
    return new TodoCommand(
        "cmd-" + todoId + "-" + sequence,
        todoId,
        CommandType.PATCH,
        null,
        false,
        T0.plusSeconds(sequence),
        new StreamPosition(0, sequence + "-0"),
        null,
        null,
        patch,
        null);
  }

  /** Returns a delete of {@code todoId}. */
  static TodoCommand delete(String todoId, long sequence) {
    return new TodoCommand(
        "cmd-" + todoId + "-" + sequence,
        todoId,
        CommandType.DELETE,
        null,
        false,
        T0.plusSeconds(sequence),
        new StreamPosition(0, sequence + "-0"));
  }

  static TodoPatch completing() {
    return new TodoPatch(null, true, null, false, null, false);
  }
}
