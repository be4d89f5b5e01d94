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
}
