package dev.todomesh.bench;

import dev.todomesh.workflows.ActivityNames;
import dev.todomesh.workflows.CommandRejection;
import dev.todomesh.workflows.TodoChange;
import dev.todomesh.workflows.TodoChangeBatch;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the commands that todo workflows apply, per run label, and records their
 * accepted-to-applied latency when asked to.
 *
 * <p>A command counts when its workflow, outside replay, schedules the activity that reports
 * its outcome: the local activity {@code RecordTodoChanges} for each command of its batch, or,
 * for runs on the older path, {@code ProjectTodo} for an applied command and {@code
 * RecordRejection} for a rejected one. That is the moment the workflow has applied it. Commands skipped as duplicates
 * schedule no activity and are not counted. The label is the part of the todo ID before its
 * first {@code -}; every benchmark case uses its own label.
 *
 * <p>NOTE: when the server rejects a workflow task's completion (for example {@code
 * UnhandledCommand}, because a signal arrived while the run tried to continue as new), the
 * retried task runs the same steps again outside replay, and they are counted twice. The count
 * can therefore exceed the commands sent by a fraction of a percent.
 */
final class AppliedCommands extends WorkerInterceptorBase {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<String, Latencies> latencies = new ConcurrentHashMap<>();

  /** Returns the number of commands applied so far for todo IDs with this label. */
  long count(String label) {
    LongAdder adder = counts.get(label);
    return adder == null ? 0 : adder.sum();
  }

  /** Starts recording accepted-to-applied latencies for this label and returns the recorder. */
  Latencies recordLatencies(String label) {
    Latencies recorder = new Latencies();
    latencies.put(label, recorder);
    return recorder;
  }

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowInboundCallsInterceptorBase(next) {
      @Override
      public void init(WorkflowOutboundCallsInterceptor outboundCalls) {
        super.init(new WorkflowOutboundCallsInterceptorBase(outboundCalls) {
          @Override
          public <R> LocalActivityOutput<R> executeLocalActivity(LocalActivityInput<R> input) {
            if (!Workflow.isReplaying()) {
              recordOutcome(input.getActivityName(), input.getArgs());
            }
            return super.executeLocalActivity(input);
          }

          @Override
          public <R> ActivityOutput<R> executeActivity(ActivityInput<R> input) {
            if (!Workflow.isReplaying()) {
              recordOutcome(input.getActivityName(), input.getArgs());
            }
            return super.executeActivity(input);
          }
        });
      }
    };
  }

  private void recordOutcome(String activity, Object[] args) {
    if (args.length != 1) {
      return;
    }
    if (ActivityNames.RECORD_TODO_CHANGES.equals(activity)
        && args[0] instanceof TodoChangeBatch batch) {
      batch.changes().stream()
          .filter(change -> change.commandId() != null)
          .forEach(change -> record(batch.todoId(), change.time()));
      batch.rejections().forEach(rejection -> record(batch.todoId(), rejection.time()));
    } else if (ActivityNames.PROJECT_TODO.equals(activity)
        && args[0] instanceof TodoChange change
        && change.commandId() != null
        && change.state() != null) {
      record(change.state().id(), change.time());
    } else if (ActivityNames.RECORD_REJECTION.equals(activity)
        && args[0] instanceof CommandRejection rejection) {
      record(rejection.todoId(), rejection.time());
    }
  }

  private void record(String todoId, Instant acceptedAt) {
    String label = labelOf(todoId);
    counts.computeIfAbsent(label, key -> new LongAdder()).increment();
    Latencies recorder = latencies.get(label);
    if (recorder != null && acceptedAt != null) {
      // Wall clock on purpose: this runs outside replay and only feeds the measurement.
      recorder.add(Duration.between(acceptedAt, Instant.now()).toNanos() / 1_000);
    }
  }

  static String labelOf(String todoId) {
    int dash = todoId.indexOf('-');
    return dash < 0 ? todoId : todoId.substring(0, dash);
  }
}
