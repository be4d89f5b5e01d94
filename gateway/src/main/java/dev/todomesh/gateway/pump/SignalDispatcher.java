package dev.todomesh.gateway.pump;

import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.monitoring.CommandMetrics;
import dev.todomesh.workflows.CommandBatch;
import dev.todomesh.workflows.TodoCommand;
import dev.todomesh.workflows.TodoWorkflow;
import dev.todomesh.workflows.TodoWorkflowInput;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one todo's commands to its workflow with {@code signalWithStart}, retrying failures
 * with exponential backoff and full jitter.
 *
 * <p>Errors that mean Temporal is unreachable or busy are retried until they succeed or the
 * pump stops. Any other error is retried {@code maxAttempts} times, then reported as {@link
 * Outcome#FAILED} so the caller can park the todo.
 */
final class SignalDispatcher {

  /** Result of one delivery. */
  enum Outcome {
    DELIVERED,
    FAILED,
    /** The pump is stopping; the commands stay unacknowledged and are delivered again later. */
    ABANDONED
  }

  /**
   * Outcome of delivering a todo's commands.
   *
   * @param delivered number of leading commands that Temporal accepted
   * @param error why the rest failed, for {@link Outcome#FAILED}; otherwise null
   */
  record Delivery(Outcome outcome, int delivered, String error) {}

  /** Keeps one signal well below Temporal's default 2 MB payload limit. */
  static final int MAX_SIGNAL_BYTES = 256 * 1024;

  static final int MAX_COMMANDS_PER_SIGNAL = 100;

  private static final Logger log = LoggerFactory.getLogger(SignalDispatcher.class);

  private static final Set<Status.Code> RETRYABLE =
      Set.of(
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.ABORTED,
          Status.Code.CANCELLED,
          Status.Code.UNKNOWN,
          Status.Code.INTERNAL);

  private final WorkflowClient client;
  private final String taskQueue;
  private final int continueAsNewAfter;
  private final TodoMeshProperties.Pump settings;
  private final CommandMetrics metrics;
  private final SignalTracing tracing;

  SignalDispatcher(
      WorkflowClient client,
      String taskQueue,
      int continueAsNewAfter,
      TodoMeshProperties.Pump settings,
      CommandMetrics metrics,
      SignalTracing tracing) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.continueAsNewAfter = continueAsNewAfter;
    this.settings = settings;
    this.metrics = metrics;
    this.tracing = tracing;
  }

  /**
   * Delivers {@code commands}, all for one todo and in stream order, as one or more signals.
   *
   * @param abort checked before every attempt and while waiting between attempts. True means
   *     the pump may no longer deliver, because it is stopping or lost the partition's lease
   */
  Delivery deliver(String todoId, List<TodoCommand> commands, BooleanSupplier abort) {
    int delivered = 0;
    for (List<TodoCommand> chunk : chunk(commands)) {
      Delivery delivery = deliverChunk(todoId, chunk, abort);
      if (delivery.outcome() != Outcome.DELIVERED) {
        return new Delivery(delivery.outcome(), delivered, delivery.error());
      }
      delivered += chunk.size();
    }
    return new Delivery(Outcome.DELIVERED, delivered, null);
  }

  private Delivery deliverChunk(
      String todoId, List<TodoCommand> commands, BooleanSupplier abort) {
    CommandBatch batch = new CommandBatch(commands);
    String firstCommandId = commands.get(0).commandId();
    for (int attempt = 1; ; attempt++) {
      if (abort.getAsBoolean()) {
        return new Delivery(Outcome.ABANDONED, 0, null);
      }
      long started = System.nanoTime();
      try {
        tracing.trace(todoId, commands, () -> signalWithStart(todoId, batch));
        metrics.dispatched(commands, Duration.ofNanos(System.nanoTime() - started));
        return new Delivery(Outcome.DELIVERED, commands.size(), null);
      } catch (RuntimeException e) {
        boolean retryable = isRetryable(e);
        boolean willRetry = retryable || attempt < settings.maxAttempts();
        metrics.signalFailed(
            commands.size(), Duration.ofNanos(System.nanoTime() - started), willRetry);
        if (!willRetry) {
          log.error(
              "Signal failed permanently: todoId={} commandId={} commands={} attempts={}",
              todoId,
              firstCommandId,
              commands.size(),
              attempt,
              e);
          return new Delivery(
              Outcome.FAILED, 0, "signal failed after " + attempt + " attempts: " + e);
        }
        Duration delay = backoff(attempt);
        logRetry(todoId, firstCommandId, attempt, retryable, delay, e);
        if (!sleep(delay, abort)) {
          return new Delivery(Outcome.ABANDONED, 0, null);
        }
      }
    }
  }

  private void signalWithStart(String todoId, CommandBatch batch) {
    String workflowId = TodoWorkflow.workflowId(todoId);
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            TodoWorkflow.TYPE,
            WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(taskQueue).build());
    try {
      stub.signalWithStart(
          TodoWorkflow.APPLY_SIGNAL,
          new Object[] {batch},
          new Object[] {TodoWorkflowInput.start(todoId, continueAsNewAfter)});
    } catch (WorkflowExecutionAlreadyStarted e) {
      // Another start won the race; the running workflow takes the commands as a plain signal.
      client.newUntypedWorkflowStub(workflowId).signal(TodoWorkflow.APPLY_SIGNAL, batch);
    }
  }

  static boolean isRetryable(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof StatusRuntimeException status) {
        return RETRYABLE.contains(status.getStatus().getCode());
      }
    }
    return false;
  }

  private Duration backoff(int attempt) {
    long initial = settings.initialBackoff().toMillis();
    long max = settings.maxBackoff().toMillis();
    long ceiling = initial << Math.min(attempt - 1, 20);
    long capped = Math.max(1, Math.min(max, ceiling));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(capped / 2, capped + 1));
  }

  private void logRetry(
      String todoId,
      String commandId,
      int attempt,
      boolean retryable,
      Duration delay,
      RuntimeException error) {
    // Log the first attempts and then every tenth, so a long outage does not flood the log.
    if (attempt <= 3 || attempt % 10 == 0) {
      // A transient gRPC status is retried without limit, any other error max-attempts times.
      log.warn(
          "Signal failed, retrying: todoId={} commandId={} attempt={} maxAttempts={} delayMs={}"
              + " error={} cause={}",
          todoId,
          commandId,
          attempt,
          retryable ? "unlimited" : Integer.toString(settings.maxAttempts()),
          delay.toMillis(),
          error.toString(),
          rootCause(error).toString());
    }
  }

  private static Throwable rootCause(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /** Sleeps in short steps so a stopping pump is not held up; returns false when stopping. */
  private static boolean sleep(Duration delay, BooleanSupplier abort) {
    long deadline = System.nanoTime() + delay.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        if (abort.getAsBoolean()) {
          return false;
        }
        Thread.sleep(Math.min(50, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return !abort.getAsBoolean();
  }

  static List<List<TodoCommand>> chunk(List<TodoCommand> commands) {
    List<List<TodoCommand>> chunks = new ArrayList<>();
    List<TodoCommand> current = new ArrayList<>();
    int bytes = 0;
    for (TodoCommand command : commands) {
      int size = estimateBytes(command);
      if (!current.isEmpty()
          && (bytes + size > MAX_SIGNAL_BYTES || current.size() >= MAX_COMMANDS_PER_SIGNAL)) {
        chunks.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(command);
      bytes += size;
    }
    if (!current.isEmpty()) {
      chunks.add(current);
    }
    return chunks;
  }

  /**
   * Upper estimate of a command's JSON size: a character of a free-text field takes at most 6
   * bytes escaped, and 600 bytes cover the field names, the fixed-size values and the source.
   */
  static int estimateBytes(TodoCommand command) {
    int text =
        length(command.title())
            + (command.patch() == null ? 0 : length(command.patch().title()))
            + length(command.sessionId());
    return 600 + command.todoId().length() + command.commandId().length() + 6 * text;
  }

  private static int length(String value) {
    return value == null ? 0 : value.length();
  }
}
