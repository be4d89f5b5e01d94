package dev.todomesh.workflows;

import java.time.Instant;

/**
 * Current state of one todo, as its workflow holds it.
 *
 * @param version number of commands applied to this todo so far, starting at 1
 */
public record TodoState(
    String id,
    String title,
    boolean completed,
    Instant createdAt,
    Instant updatedAt,
    String lastCommandId,
    long version) {}
