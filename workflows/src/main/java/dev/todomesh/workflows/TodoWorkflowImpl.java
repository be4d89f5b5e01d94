package dev.todomesh.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.ActivityStub;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import org.slf4j.Logger;

/**
 * Applies a todo's commands one at a time, reports each outcome through activities, sends the
 * todo's reminder when it is due, and continues as new before its history grows large.
 *
 * <p>Commands that arrive while the run is switching to a new one are not lost: whatever is
 * still queued is carried in the next run's input and applied first. The reminder's due time is
 * part of the carried state, so its timer is set again in the new run.
 *
 * <p>Each applied change is projected into the read model and then published as an event before
 * the next command is applied, so both see a todo's changes in version order. Both activities
 * retry until they succeed. The session signal runs asynchronously with a few attempts and is
 * dropped when they fail, so a lost session signal never holds up the todo.
 */
public final class TodoWorkflowImpl implements TodoWorkflow {

  private static final Logger log = Workflow.getLogger(TodoWorkflowImpl.class);

  /** Retried without limit: a todo whose read model or events cannot be written waits. */
  private static final ActivityOptions OUTPUT_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(200))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .build())
          .build();

  private static final ActivityOptions SESSION_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(5))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(200))
                  .setMaximumAttempts(3)
                  .build())
          .build();

  private final TodoEntity entity;
  private final Deque<TodoCommand> inbox = new ArrayDeque<>();
  private final int continueAsNewAfter;
  private final ActivityStub outputs = Workflow.newUntypedActivityStub(OUTPUT_OPTIONS);
  private final ActivityStub sessions = Workflow.newUntypedActivityStub(SESSION_OPTIONS);
  private int appliedThisRun;

  @WorkflowInit
  public TodoWorkflowImpl(TodoWorkflowInput input) {
    this.entity = new TodoEntity(input);
    this.continueAsNewAfter = input.continueAsNewAfter();
    inbox.addAll(input.pending());
  }

  @Override
  public void run(TodoWorkflowInput input) {
    while (true) {
      awaitCommandOrReminder();
      // Stopping at the limit keeps each run's history bounded while signals keep arriving,
      // because every applied command adds the events of its activities.
      while (!inbox.isEmpty() && !shouldContinueAsNew()) {
        applyOne(inbox.removeFirst());
      }
      sendReminderIfDue();
      if (shouldContinueAsNew()) {
        // Signal handlers only queue, but waiting for them keeps this safe if one ever awaits.
        Workflow.await(Workflow::isEveryHandlerFinished);
        log.info(
            "Continuing as new: todoId={} appliedThisRun={} carriedPending={}",
            input.todoId(),
            appliedThisRun,
            inbox.size());
        Workflow.continueAsNew(entity.carryOver(new ArrayList<>(inbox), continueAsNewAfter));
      }
    }
  }

  @Override
  public void apply(CommandBatch batch) {
    inbox.addAll(batch.commands());
  }

  @Override
  public TodoState state() {
    return entity.state();
  }

  @Override
  public RecentCommands recentCommands() {
    return new RecentCommands(entity.recentCommandIds());
  }

  /** Waits for a command, or until the pending reminder is due; the wait is a durable timer. */
  private void awaitCommandOrReminder() {
    if (!inbox.isEmpty() || shouldContinueAsNew()) {
      return;
    }
    TodoState state = entity.state();
    if (state == null || !state.reminderPending()) {
      Workflow.await(() -> !inbox.isEmpty() || shouldContinueAsNew());
      return;
    }
    Duration untilDue = Duration.between(now(), state.dueAt());
    if (untilDue.isNegative() || untilDue.isZero()) {
      return;
    }
    Workflow.await(untilDue, () -> !inbox.isEmpty() || shouldContinueAsNew());
  }

  private void applyOne(TodoCommand command) {
    TodoState before = entity.state();
    ApplyResult result = entity.handle(command);
    switch (result.outcome()) {
      case APPLIED -> {
        appliedThisRun++;
        TodoSearchAttributes.upsert(entity.state());
        output(new TodoChange(eventType(command, before), entity.state(), command.commandId(), command.acceptedAt()));
        touchSession(command);
      }
      case REJECTED -> {
        appliedThisRun++;
        log.info(
            "Rejected command: todoId={} commandId={} type={}",
            command.todoId(),
            command.commandId(),
            command.type().wireName());
        execute(
            ActivityNames.RECORD_REJECTION,
            new CommandRejection(
                command.commandId(), command.todoId(), result.reason(), command.acceptedAt()));
        touchSession(command);
      }
      case DUPLICATE ->
          log.info(
              "Skipped duplicate command: todoId={} commandId={} entryId={}",
              command.todoId(),
              command.commandId(),
              command.source().entryId());
    }
  }

  private void sendReminderIfDue() {
    TodoState state = entity.state();
    Instant now = now();
    if (state == null || !state.reminderPending() || now.isBefore(state.dueAt())) {
      return;
    }
    entity.markReminderSent(now);
    log.info("Reminder due: todoId={} version={}", state.id(), entity.state().version());
    output(new TodoChange(TodoChange.REMINDER_DUE, entity.state(), null, now));
  }

  // NOTE: a run recorded by a build without these activity calls fails to replay on this build
  // (non-determinism), since no Workflow.getVersion marker guards them. Drain or reset such runs
  // before deploying against a Temporal cluster that has them.
  private void output(TodoChange change) {
    execute(ActivityNames.PROJECT_TODO, change);
    execute(ActivityNames.PUBLISH_TODO_EVENT, change);
  }

  private void execute(String activity, Object input) {
    try {
      outputs.execute(activity, Void.class, input);
    } catch (ActivityFailure e) {
      // Only a non-retryable failure ends the retries; the change stays applied regardless.
      log.error(
          "Activity failed permanently: activity={} workflowId={} error={}",
          activity,
          Workflow.getInfo().getWorkflowId(),
          e.getCause() == null ? e.toString() : e.getCause().toString());
    }
  }

  private void touchSession(TodoCommand command) {
    if (command.sessionId() == null) {
      return;
    }
    SessionTouch touch =
        new SessionTouch(
            command.sessionId(), command.todoId(), command.commandId(), command.acceptedAt());
    sessions
        .executeAsync(ActivityNames.TOUCH_SESSION, Void.class, touch)
        .exceptionally(
            error -> {
              log.warn(
                  "Session signal dropped: sessionId={} todoId={} commandId={} error={}",
                  touch.sessionId(),
                  touch.todoId(),
                  touch.commandId(),
                  error.toString());
              return null;
            });
  }

  private static String eventType(TodoCommand command, TodoState before) {
    if (command.type() == CommandType.DELETE) {
      return TodoChange.DELETED;
    }
    return before == null || before.deleted() ? TodoChange.CREATED : TodoChange.UPDATED;
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private boolean shouldContinueAsNew() {
    return appliedThisRun >= continueAsNewAfter || Workflow.getInfo().isContinueAsNewSuggested();
  }
}
