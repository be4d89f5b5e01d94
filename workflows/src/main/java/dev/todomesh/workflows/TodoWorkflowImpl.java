package dev.todomesh.workflows;

import com.uber.m3.tally.Scope;
import com.uber.m3.tally.Timer;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.ActivityStub;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Applies a todo's commands one at a time, reports each outcome through activities, sends the
 * todo's reminder when it is due, and continues as new before its history grows large.
 *
 * <p>Commands that arrive while the run is switching to a new one are not lost: whatever is
 * still queued is carried in the next run's input and applied first. The reminder's due time is
 * part of the carried state, so its timer is set again in the new run.
 *
 * <p>Each step applies the commands waiting in the inbox (up to {@link #MAX_BATCH}) one at a
 * time, then reports them with one local activity that projects the newest state into the read
 * model, marks the commands applied or rejected and publishes one event per change. The next
 * step starts only after the report succeeded, so the read model and the events see a todo's
 * changes in version order. Reports retry until they succeed. Each session the step touched
 * gets one asynchronous signal with a few attempts, dropped when they fail, so a lost session
 * signal never holds up the todo.
 *
 * <p>A run whose todo was never created completes once its waiting commands are rejected and
 * reported, so a change to an unknown todo leaves no open workflow behind. A later command for
 * that todo starts a new run (see {@link #CLOSE_UNKNOWN_TODO}).
 *
 * <p>Runs recorded before the batched reports replay on the older path, which called {@code
 * ProjectTodo} and {@code PublishTodoEvent} for every command (see {@link #BATCHED_OUTPUTS}).
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

  /**
   * Retried like {@link #OUTPUT_OPTIONS}. A local activity runs inside the workflow task, so
   * reporting a step costs no activity task round trip and one marker event. The SDK does not
   * retry a local activity at all when it has neither a schedule-to-close timeout nor a maximum
   * number of attempts, so the maximum is set, high enough to mean "until it succeeds".
   */
  private static final LocalActivityOptions REPORT_OPTIONS =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder(OUTPUT_OPTIONS.getRetryOptions())
                  .setMaximumAttempts(Integer.MAX_VALUE)
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

  /**
   * Change ID of {@link Workflow#getVersion} for reporting a step's commands with one local
   * activity. Runs recorded before it call {@code ProjectTodo} and {@code PublishTodoEvent} per
   * command and replay on that path.
   */
  static final String BATCHED_OUTPUTS = "batched-outputs";

  /**
   * Change ID of {@link Workflow#getVersion} for completing a run whose todo was never created.
   * Runs recorded before it keep waiting for commands after rejecting them.
   */
  static final String CLOSE_UNKNOWN_TODO = "close-unknown-todo";

  /** Most commands reported by one local activity call, which keeps its input well under 2 MB. */
  static final int MAX_BATCH = 100;

  static final String APPLIED_METRIC = "todo_mesh.commands.applied";
  static final String REJECTED_METRIC = "todo_mesh.commands.rejected";
  static final String ACCEPTED_TO_APPLIED_METRIC = "todo_mesh.commands.accepted_to_applied";

  private final String todoId;
  private final TodoEntity entity;
  private final Deque<TodoCommand> inbox = new ArrayDeque<>();
  private final int continueAsNewAfter;
  private final ActivityStub outputs = Workflow.newUntypedActivityStub(OUTPUT_OPTIONS);
  private final ActivityStub sessions = Workflow.newUntypedActivityStub(SESSION_OPTIONS);
  private final ActivityStub reports = Workflow.newUntypedLocalActivityStub(REPORT_OPTIONS);
  private final List<Promise<Void>> sessionTouches = new ArrayList<>();
  private boolean batched;
  private int appliedThisRun;

  @WorkflowInit
  public TodoWorkflowImpl(TodoWorkflowInput input) {
    this.todoId = input.todoId();
    this.entity = new TodoEntity(input);
    this.continueAsNewAfter = input.continueAsNewAfter();
    inbox.addAll(input.pending());
  }

  @Override
  public void run(TodoWorkflowInput input) {
    batched = Workflow.getVersion(BATCHED_OUTPUTS, Workflow.DEFAULT_VERSION, 1) == 1;
    while (true) {
      awaitCommandOrReminder();
      // Stopping at the limit keeps each run's history bounded while signals keep arriving,
      // because every applied command adds history events.
      if (batched) {
        applyWaiting();
      } else {
        while (!inbox.isEmpty() && !shouldContinueAsNew()) {
          applyOne(inbox.removeFirst());
        }
      }
      sendReminderIfDue();
      if (isUnknownTodoDone()) {
        // The session signals finish first; a command that arrives meanwhile is applied.
        Promise.allOf(sessionTouches).get();
        Workflow.await(Workflow::isEveryHandlerFinished);
        if (inbox.isEmpty()) {
          log.info("Completing the run of a todo that was never created: todoId={}", todoId);
          return;
        }
        continue;
      }
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

  /**
   * Returns true when the todo was never created and no command waits, so the run can complete.
   * Runs on the per-command path, and runs recorded before this change, keep waiting instead.
   */
  private boolean isUnknownTodoDone() {
    if (!batched || entity.state() != null || !inbox.isEmpty()) {
      return false;
    }
    return Workflow.getVersion(CLOSE_UNKNOWN_TODO, Workflow.DEFAULT_VERSION, 1) == 1;
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

  /**
   * Applies the waiting commands, up to {@link #MAX_BATCH}, then reports them with one local
   * activity and touches each session once. The next commands wait until the report is done, so
   * the read model and the events still see the todo's changes in version order.
   */
  private void applyWaiting() {
    List<TodoChange> changes = new ArrayList<>();
    List<CommandRejection> rejections = new ArrayList<>();
    Map<String, SessionTouch> touches = new LinkedHashMap<>();
    List<Instant> acceptedTimes = new ArrayList<>();
    while (!inbox.isEmpty() && !shouldContinueAsNew() && acceptedTimes.size() < MAX_BATCH) {
      TodoCommand command = inbox.removeFirst();
      TodoState before = entity.state();
      ApplyResult result = entity.handle(command);
      if (result.outcome() == ApplyResult.Outcome.DUPLICATE) {
        logDuplicate(command);
        continue;
      }
      appliedThisRun++;
      acceptedTimes.add(command.acceptedAt());
      if (result.outcome() == ApplyResult.Outcome.APPLIED) {
        changes.add(
            new TodoChange(
                eventType(command, before),
                entity.state(),
                command.commandId(),
                command.acceptedAt()));
      } else {
        logRejection(command);
        rejections.add(
            new CommandRejection(
                command.commandId(), command.todoId(), result.reason(), command.acceptedAt()));
      }
      if (command.sessionId() != null) {
        touches.put(command.sessionId(), sessionTouch(command));
      }
    }
    if (acceptedTimes.isEmpty()) {
      return;
    }
    report(new TodoChangeBatch(todoId, changes, rejections));
    if (!changes.isEmpty()) {
      // Once per step: the attributes show the newest state, and each upsert adds two events.
      TodoSearchAttributes.upsert(entity.state());
    }
    touches.values().forEach(this::touchSession);
    recordMetrics(changes.size(), rejections.size(), acceptedTimes);
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
        logRejection(command);
        execute(
            ActivityNames.RECORD_REJECTION,
            new CommandRejection(
                command.commandId(), command.todoId(), result.reason(), command.acceptedAt()));
        touchSession(command);
      }
      case DUPLICATE -> logDuplicate(command);
    }
  }

  private void logRejection(TodoCommand command) {
    log.info(
        "Rejected command: todoId={} commandId={} type={}",
        command.todoId(),
        command.commandId(),
        command.type().wireName());
  }

  private void logDuplicate(TodoCommand command) {
    log.info(
        "Skipped duplicate command: todoId={} commandId={} entryId={}",
        command.todoId(),
        command.commandId(),
        command.source().entryId());
  }

  private void sendReminderIfDue() {
    TodoState state = entity.state();
    Instant now = now();
    if (state == null || !state.reminderPending() || now.isBefore(state.dueAt())) {
      return;
    }
    entity.markReminderSent(now);
    log.info("Reminder due: todoId={} version={}", state.id(), entity.state().version());
    TodoChange reminder = new TodoChange(TodoChange.REMINDER_DUE, entity.state(), null, now);
    if (batched) {
      report(new TodoChangeBatch(state.id(), List.of(reminder), List.of()));
    } else {
      output(reminder);
    }
  }

  /** Reports one step's outcomes; retried until it succeeds, like the per-command activities. */
  private void report(TodoChangeBatch batch) {
    execute(reports, ActivityNames.RECORD_TODO_CHANGES, batch);
  }

  /**
   * Counts the step's outcomes and records each command's accepted-to-applied time. Temporal
   * emits workflow metrics only outside replay, so a replayed step is not counted again. The
   * time is the workflow time of the step that applied the command.
   */
  private void recordMetrics(int applied, int rejected, List<Instant> acceptedTimes) {
    Scope metrics = Workflow.getMetricsScope();
    metrics.counter(APPLIED_METRIC).inc(applied);
    metrics.counter(REJECTED_METRIC).inc(rejected);
    Timer latency = metrics.timer(ACCEPTED_TO_APPLIED_METRIC);
    Instant now = now();
    for (Instant acceptedAt : acceptedTimes) {
      if (acceptedAt != null && !acceptedAt.isAfter(now)) {
        latency.record(
            com.uber.m3.util.Duration.ofNanos(Duration.between(acceptedAt, now).toNanos()));
      }
    }
  }

  // NOTE: a run recorded by a build without these activity calls fails to replay on this build
  // (non-determinism), since no Workflow.getVersion marker guards them. Drain or reset such runs
  // before deploying against a Temporal cluster that has them.
  private void output(TodoChange change) {
    execute(ActivityNames.PROJECT_TODO, change);
    execute(ActivityNames.PUBLISH_TODO_EVENT, change);
  }

  private void execute(String activity, Object input) {
    execute(outputs, activity, input);
  }

  private void execute(ActivityStub stub, String activity, Object input) {
    try {
      stub.execute(activity, Void.class, input);
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
    if (command.sessionId() != null) {
      touchSession(sessionTouch(command));
    }
  }

  private static SessionTouch sessionTouch(TodoCommand command) {
    return new SessionTouch(
        command.sessionId(), command.todoId(), command.commandId(), command.acceptedAt());
  }

  private void touchSession(SessionTouch touch) {
    Promise<Void> sent =
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
    sessionTouches.removeIf(Promise::isCompleted);
    sessionTouches.add(sent);
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
