package dev.todomesh.workflows;

import java.time.Instant;
import java.util.List;

/**
 * State of one client session.
 *
 * @param todoIds todos the session's commands reached, most recent last, at most {@link
 *     #MAX_TODO_IDS}
 * @param touches number of commands the session sent that reached a todo
 * @param startedAt accept time of the session's earliest command, or the workflow's start when
 *     that is earlier
 * @param lastActivityAt workflow time of the last touch, or of the start
 * @param expiresAt time the session expires unless touched again
 * @param expired true once the session expired; its workflow has completed
 */
public record SessionState(
    String sessionId,
    List<String> todoIds,
    long touches,
    Instant startedAt,
    Instant lastActivityAt,
    Instant expiresAt,
    boolean expired) {

  /** Number of todo IDs a session keeps; older ones are dropped first. */
  public static final int MAX_TODO_IDS = 1_000;

  public SessionState {
    todoIds = todoIds == null ? List.of() : List.copyOf(todoIds);
  }
}
