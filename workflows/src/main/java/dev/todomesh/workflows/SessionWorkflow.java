package dev.todomesh.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A client session: one workflow per session ID ({@code session:<id>}) that records which todos
 * the session's commands reached and expires after an idle time.
 *
 * <p>The workflow type, signal and query names are fixed here because they appear in recorded
 * histories and in Temporal UI.
 */
@WorkflowInterface
public interface SessionWorkflow {

  /** Workflow type name. */
  String TYPE = "Session";

  /** Name of the signal that records activity. */
  String TOUCH_SIGNAL = "touch";

  /** Prefix of the workflow ID; the session ID follows it. */
  String WORKFLOW_ID_PREFIX = "session:";

  /** Returns the workflow ID of the session with this ID. */
  static String workflowId(String sessionId) {
    return WORKFLOW_ID_PREFIX + sessionId;
  }

  /**
   * Runs until the session has been idle for its idle timeout, then completes with its final
   * state. A touch after that starts a new session under the same ID.
   */
  @WorkflowMethod(name = TYPE)
  SessionState run(SessionWorkflowInput input);

  /** Records that a command of this session reached a todo. */
  @SignalMethod(name = TOUCH_SIGNAL)
  void touch(SessionTouch touch);

  /** Returns the session's current state. */
  @QueryMethod(name = "state")
  SessionState state();
}
