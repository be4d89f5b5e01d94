package dev.todomesh.gateway.history;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Departure of replayed workflow code from a recorded history, described in words a developer
 * can act on.
 *
 * @param nonDeterministic true when the SDK reported non-determinism, false for other failures
 * @param eventId ID of the history event at which replay failed, or null when the SDK did not
 *     name one
 * @param recorded what the history records at that event
 * @param produced what the current code did there instead, or null when the SDK did not say
 * @param sdkMessage the SDK's own message, first line only
 */
public record Divergence(
    boolean nonDeterministic, Long eventId, String recorded, String produced, String sdkMessage) {

  private static final String NON_DETERMINISTIC_EXCEPTION = "NonDeterministicException";
  private static final Pattern EVENT_ID = Pattern.compile("[Ee]vent (\\d+)");
  private static final Pattern COMMAND_TYPE = Pattern.compile("COMMAND_TYPE_([A-Z_]+)");
  private static final Pattern UNEXPECTED_LOCAL_ACTIVITY =
      Pattern.compile("Local activity of type (\\S+) is recorded in the history .* not expected");

  private static final Map<String, String> COMMANDS =
      Map.ofEntries(
          Map.entry("SCHEDULE_ACTIVITY_TASK", "scheduled an activity"),
          Map.entry("REQUEST_CANCEL_ACTIVITY_TASK", "cancelled an activity"),
          Map.entry("START_TIMER", "started a timer (Workflow.sleep or a timed await)"),
          Map.entry("CANCEL_TIMER", "cancelled a timer"),
          Map.entry("COMPLETE_WORKFLOW_EXECUTION", "completed the workflow"),
          Map.entry("FAIL_WORKFLOW_EXECUTION", "failed the workflow"),
          Map.entry("CANCEL_WORKFLOW_EXECUTION", "cancelled the workflow"),
          Map.entry("CONTINUE_AS_NEW_WORKFLOW_EXECUTION", "continued as new"),
          Map.entry(
              "RECORD_MARKER", "recorded a marker (a side effect, local activity or version check)"),
          Map.entry("START_CHILD_WORKFLOW_EXECUTION", "started a child workflow"),
          Map.entry("SIGNAL_EXTERNAL_WORKFLOW_EXECUTION", "signalled another workflow"),
          Map.entry("REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION", "cancelled another workflow"),
          Map.entry("UPSERT_WORKFLOW_SEARCH_ATTRIBUTES", "upserted search attributes"),
          Map.entry("MODIFY_WORKFLOW_PROPERTIES", "changed the memo"),
          Map.entry("PROTOCOL_MESSAGE", "answered an update"));

  /** Explains a failed replay of {@code history}. */
  static Divergence describe(WorkflowExecutionHistory history, Exception error) {
    String message = firstLine(innermostMessage(error));
    boolean nonDeterministic = message.contains(NON_DETERMINISTIC_EXCEPTION);
    String sdkMessage = trimToSdkMessage(message);

    Long eventId = null;
    String recorded = null;
    Matcher eventMatch = EVENT_ID.matcher(sdkMessage);
    if (eventMatch.find()) {
      eventId = Long.parseLong(eventMatch.group(1));
      recorded = describeEvent(history, eventId);
    }
    String produced = null;
    Matcher commandMatch = COMMAND_TYPE.matcher(sdkMessage);
    Matcher localActivityMatch = UNEXPECTED_LOCAL_ACTIVITY.matcher(sdkMessage);
    if (commandMatch.find()) {
      String command = commandMatch.group(1);
      produced = COMMANDS.getOrDefault(command, command.toLowerCase().replace('_', ' '));
    } else if (localActivityMatch.find()) {
      produced = "did not run local activity " + localActivityMatch.group(1) + " at that point";
    }
    return new Divergence(nonDeterministic, eventId, recorded, produced, sdkMessage);
  }

  /** Returns a few sentences saying where replay failed, what differed and what to do. */
  public String explanation() {
    StringBuilder text = new StringBuilder();
    if (eventId != null && !nonDeterministic) {
      // Without the SDK's non-determinism error the code made no different decision: it threw,
      // or it blocked its thread past the deadlock detection timeout.
      text.append("Replay failed while handling event ")
          .append(eventId)
          .append(" (")
          .append(recorded)
          .append(") without a sign of non-determinism: the workflow code threw an exception or")
          .append(" blocked its thread too long. The SDK message names the cause.");
    } else if (eventId != null) {
      text.append("Replay diverged at event ").append(eventId).append(": the history records ");
      text.append(recorded).append(", ");
      text.append(
          produced == null
              ? "but the current code did not do the same."
              : produced.startsWith("did not ")
                  ? "but the current code " + produced + "."
                  : "but the current code " + produced + " instead.");
    } else {
      text.append("Replay failed: ").append(sdkMessage);
    }
    if (nonDeterministic) {
      text.append(
          " The workflow code no longer makes the decisions it made when this history was"
              + " recorded, so running workflows would fail the same way. Revert the change, or"
              + " guard it with Workflow.getVersion so that old histories take the old path.");
    }
    return text.toString();
  }

  private static String describeEvent(WorkflowExecutionHistory history, long eventId) {
    for (HistoryEvent event : history.getEvents()) {
      if (event.getEventId() == eventId) {
        return describe(event);
      }
    }
    return "no event with that ID (the history has " + history.getEvents().size() + " events)";
  }

  private static String describe(HistoryEvent event) {
    String type = event.getEventType().name().replaceFirst("^EVENT_TYPE_", "");
    String detail =
        switch (event.getEventType()) {
          case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED ->
              " of activity "
                  + event.getActivityTaskScheduledEventAttributes().getActivityType().getName();
          case EVENT_TYPE_TIMER_STARTED ->
              " with timer ID " + event.getTimerStartedEventAttributes().getTimerId();
          case EVENT_TYPE_MARKER_RECORDED -> " named " + markerName(event);
          case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED ->
              " with signal " + event.getWorkflowExecutionSignaledEventAttributes().getSignalName();
          default -> "";
        };
    return type + detail;
  }

  /** Returns the marker's name, with the activity type for a local activity marker. */
  private static String markerName(HistoryEvent event) {
    var marker = event.getMarkerRecordedEventAttributes();
    var type = marker.getDetailsMap().get("type");
    if (type == null || type.getPayloadsCount() == 0) {
      return marker.getMarkerName();
    }
    String activity = type.getPayloads(0).getData().toStringUtf8().replace("\"", "");
    return marker.getMarkerName() + " (" + activity + ")";
  }

  private static String innermostMessage(Throwable error) {
    String message = String.valueOf(error.getMessage());
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && cause.getMessage().contains(NON_DETERMINISTIC_EXCEPTION)) {
        message = cause.getMessage();
      }
    }
    return message;
  }

  /** Drops the replay query's wrapper text, which names placeholder IDs rather than the real ones. */
  private static String trimToSdkMessage(String message) {
    int error = message.indexOf("error=");
    return error >= 0 ? message.substring(error + "error=".length()) : message;
  }

  private static String firstLine(String message) {
    // The SDK's message puts the workflow execution on separate lines before the cause.
    String flattened = message.replace("\r", "");
    int error = flattened.indexOf("error=");
    if (error >= 0) {
      int end = flattened.indexOf('\n', error);
      return end >= 0 ? flattened.substring(0, end) : flattened;
    }
    int end = flattened.indexOf('\n');
    return end >= 0 ? flattened.substring(0, end) : flattened;
  }
}
