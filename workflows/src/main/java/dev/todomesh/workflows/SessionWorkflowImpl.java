package dev.todomesh.workflows;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import org.slf4j.Logger;

/**
 * Records a session's touches and expires it after its idle timeout. The idle wait is a durable
 * timer, so expiry shows in the history as a fired timer followed by the workflow's completion.
 */
public final class SessionWorkflowImpl implements SessionWorkflow {

  /** Touches per run before continuing as new, which keeps the history small. */
  static final int CONTINUE_AS_NEW_AFTER = 500;

  private static final Logger log = Workflow.getLogger(SessionWorkflowImpl.class);

  private final String sessionId;
  private final Duration idleTimeout;
  private final Deque<SessionTouch> inbox = new ArrayDeque<>();
  private final LinkedHashSet<String> todoIds = new LinkedHashSet<>();
  private long touches;
  private Instant startedAt;
  private Instant lastActivityAt;
  private boolean expired;
  private int touchesThisRun;

  @WorkflowInit
  public SessionWorkflowImpl(SessionWorkflowInput input) {
    this.sessionId = input.sessionId();
    this.idleTimeout = input.idleTimeout();
    Instant now = now();
    SessionState carried = input.state();
    if (carried == null) {
      startedAt = now;
      lastActivityAt = now;
    } else {
      todoIds.addAll(carried.todoIds());
      touches = carried.touches();
      startedAt = carried.startedAt();
      lastActivityAt = carried.lastActivityAt();
    }
    inbox.addAll(input.pending());
  }

  @Override
  public SessionState run(SessionWorkflowInput input) {
    while (true) {
      if (inbox.isEmpty()) {
        // Awaiting only on an empty inbox, because a timer started here stays in the history.
        Duration untilExpiry = Duration.between(now(), lastActivityAt.plus(idleTimeout));
        if (untilExpiry.compareTo(Duration.ZERO) > 0) {
          Workflow.await(untilExpiry, () -> !inbox.isEmpty());
        }
      }
      if (inbox.isEmpty()) {
        expired = true;
        log.info("Session expired: sessionId={} touches={}", sessionId, touches);
        return state();
      }
      while (!inbox.isEmpty()) {
        record(inbox.removeFirst());
      }
      if (touchesThisRun >= CONTINUE_AS_NEW_AFTER || Workflow.getInfo().isContinueAsNewSuggested()) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(
            new SessionWorkflowInput(sessionId, idleTimeout, state(), new ArrayList<>(inbox)));
      }
    }
  }

  @Override
  public void touch(SessionTouch touch) {
    inbox.addLast(touch);
  }

  @Override
  public SessionState state() {
    return new SessionState(
        sessionId,
        List.copyOf(todoIds),
        touches,
        startedAt,
        lastActivityAt,
        lastActivityAt.plus(idleTimeout),
        expired);
  }

  private void record(SessionTouch touch) {
    touches++;
    touchesThisRun++;
    lastActivityAt = now();
    // The run starts once the first command was applied, so its accept time is earlier.
    if (touch.time() != null && touch.time().isBefore(startedAt)) {
      startedAt = touch.time();
    }
    // Re-adding moves the todo to the end, so the oldest touched todo is dropped first.
    todoIds.remove(touch.todoId());
    todoIds.add(touch.todoId());
    if (todoIds.size() > SessionState.MAX_TODO_IDS) {
      todoIds.remove(todoIds.iterator().next());
    }
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
