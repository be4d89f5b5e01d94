package dev.todomesh.bench;

import dev.todomesh.workflows.CommandBatch;
import dev.todomesh.workflows.TodoCommand;
import dev.todomesh.workflows.TodoWorkflow;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the commands that todo workflows process, per run label, and records their
 * accepted-to-applied latency when asked to.
 *
 * <p>A command counts when its {@code apply} signal is handled outside replay. The workflow
 * applies the commands it queues in the same workflow task, so this is the moment the command
 * is applied, or skipped as a duplicate. The label is the part of the todo ID before its first
 * {@code -}; every benchmark case uses its own label.
 *
 * <p>NOTE: when the server rejects a workflow task's completion (for example {@code
 * UnhandledCommand}, because a signal arrived while the run tried to continue as new), the
 * retried task handles the same signals again outside replay, and they are counted twice. The
 * count can therefore exceed the commands sent by a fraction of a percent.
 */
final class AppliedCommands extends WorkerInterceptorBase {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<String, Latencies> latencies = new ConcurrentHashMap<>();

  /** Returns the number of commands processed so far for todo IDs with this label. */
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
      public void handleSignal(SignalInput input) {
        if (!Workflow.isReplaying()
            && TodoWorkflow.APPLY_SIGNAL.equals(input.getSignalName())
            && input.getArguments().length == 1
            && input.getArguments()[0] instanceof CommandBatch batch) {
          record(batch);
        }
        super.handleSignal(input);
      }
    };
  }

  private void record(CommandBatch batch) {
    // Wall clock on purpose: this runs outside replay and only feeds the measurement.
    Instant now = Instant.now();
    for (TodoCommand command : batch.commands()) {
      String label = labelOf(command.todoId());
      counts.computeIfAbsent(label, key -> new LongAdder()).increment();
      Latencies recorder = latencies.get(label);
      if (recorder != null) {
        recorder.add(Duration.between(command.acceptedAt(), now).toNanos() / 1_000);
      }
    }
  }

  static String labelOf(String todoId) {
    int dash = todoId.indexOf('-');
    return dash < 0 ? todoId : todoId.substring(0, dash);
  }
}
