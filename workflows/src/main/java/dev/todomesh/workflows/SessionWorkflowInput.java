package dev.todomesh.workflows;

import java.time.Duration;
import java.util.List;

/**
 * Input of a {@link SessionWorkflow} run: empty state for a new session, and the carried state
 * after continue-as-new.
 *
 * @param idleTimeout time without touches after which the session expires
 * @param state state so far, or null for a new session
 * @param pending touches received but not yet recorded when the previous run ended
 */
public record SessionWorkflowInput(
    String sessionId, Duration idleTimeout, SessionState state, List<SessionTouch> pending) {

  public SessionWorkflowInput {
    pending = pending == null ? List.of() : List.copyOf(pending);
  }

  /** Returns the input of a new session's first run. */
  public static SessionWorkflowInput start(String sessionId, Duration idleTimeout) {
    return new SessionWorkflowInput(sessionId, idleTimeout, null, List.of());
  }
}
