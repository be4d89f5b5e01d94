package dev.todomesh.gateway.history;

import io.temporal.common.WorkflowExecutionHistory;

/**
 * Result of replaying one history.
 *
 * @param workflowId workflow ID of the history, or {@code unknown} when the history does not contain it
 * @param runId run ID recorded in the history, or empty when the server did not record one
 * @param events number of events in the history
 * @param status whether the code reproduced the history
 * @param divergence where and how the code departed from the history; null after a success
 */
public record ReplayOutcome(
    String workflowId, String runId, int events, Status status, Divergence divergence) {

  /** Whether a replay reproduced its history. */
  public enum Status {
    /** The code made the same decisions as the code that recorded the history. */
    REPLAYED,
    /** The code made different decisions: running workflows of this kind would fail. */
    NON_DETERMINISTIC,
    /** Replay failed for another reason, such as an exception thrown by the workflow code. */
    FAILED
  }

  static ReplayOutcome success(WorkflowExecutionHistory history) {
    return new ReplayOutcome(
        workflowIdOf(history),
        HistoryDocuments.runIdOf(history).orElse(""),
        history.getEvents().size(),
        Status.REPLAYED,
        null);
  }

  static ReplayOutcome failure(WorkflowExecutionHistory history, Exception error) {
    Divergence divergence = Divergence.describe(history, error);
    return new ReplayOutcome(
        workflowIdOf(history),
        HistoryDocuments.runIdOf(history).orElse(""),
        history.getEvents().size(),
        divergence.nonDeterministic() ? Status.NON_DETERMINISTIC : Status.FAILED,
        divergence);
  }

  public boolean replayed() {
    return status == Status.REPLAYED;
  }

  private static String workflowIdOf(WorkflowExecutionHistory history) {
    String named = history.getWorkflowExecution().getWorkflowId();
    if (!named.isEmpty() && !named.equals(HistoryDocuments.UNKNOWN_WORKFLOW_ID)) {
      return named;
    }
    return HistoryDocuments.workflowIdOf(history).orElse(HistoryDocuments.UNKNOWN_WORKFLOW_ID);
  }
}
