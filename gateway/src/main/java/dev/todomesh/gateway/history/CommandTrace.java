package dev.todomesh.gateway.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Where a command went after the pump read it: the workflow run whose history received it, the
 * signal event that delivered it and, when recorded, the event that shows it applied.
 *
 * @param workflowId workflow of the command's todo
 * @param runId run whose history contains the delivery
 * @param partition command stream partition the command was read from
 * @param entryId stream entry ID of the command
 * @param delivered event that delivered the command: the {@code apply} signal, or the start of
 *     a run that took the command over from the previous run after continue-as-new
 * @param applied event that records the command as applied or rejected: the marker of the
 *     {@code RecordTodoChanges} local activity that reported it, or, in runs recorded before
 *     steps were reported together, the upsert of the {@code TodoLastCommandId} search
 *     attribute; null when the command was skipped as a duplicate, is still queued in the
 *     workflow, or was applied by a run recorded before the workflow upserted search attributes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandTrace(
    String commandId,
    String todoId,
    String workflowId,
    String runId,
    int partition,
    String entryId,
    Event delivered,
    Event applied) {

  /**
   * One history event.
   *
   * @param eventId ID of the event within its run's history
   * @param eventType event type without the {@code EVENT_TYPE_} prefix
   * @param eventTime time the server recorded the event
   */
  public record Event(long eventId, String eventType, Instant eventTime) {}
}
