package dev.todomesh.gateway.history;

import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;

/**
 * Replays recorded histories against workflow implementation classes in this process, the way a
 * worker does when it rebuilds a workflow's state, and reports where the code diverges.
 *
 * <p>Replay needs no Temporal server: the worker is never started, and the one request replay
 * makes, for the server's capabilities, is served by {@link OfflineSystemInfo}.
 */
public final class HistoryReplayer implements AutoCloseable {

  private static final String REPLAY_TASK_QUEUE = "todo-mesh-replay";

  /** How long replayed workflow code may block its thread before replay reports a deadlock. */
  private static final Duration DEADLOCK_DETECTION_TIMEOUT = Duration.ofSeconds(60);

  private final WorkflowServiceStubs stubs;
  private final Worker worker;

  /** Creates a replayer for these workflow implementation classes. */
  public HistoryReplayer(List<Class<?>> workflowImplementations) {
    // The stubs connect lazily, and the only request replay sends is served in-process, so
    // this loopback address is never dialled.
    this.stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:7233")
                .setGrpcClientInterceptors(List.of(new OfflineSystemInfo()))
                .build());
    WorkerFactory factory = WorkerFactory.newInstance(WorkflowClient.newInstance(stubs));
    // A worker fails a workflow task whose code blocks its thread for over a second, which a
    // cold JVM on a loaded machine can do while it loads classes. Offline replay has no
    // deadline to keep, so it waits much longer before calling that a deadlock.
    this.worker =
        factory.newWorker(
            REPLAY_TASK_QUEUE,
            WorkerOptions.newBuilder()
                .setDefaultDeadlockDetectionTimeout(DEADLOCK_DETECTION_TIMEOUT.toMillis())
                .build());
    worker.registerWorkflowImplementationTypes(workflowImplementations.toArray(Class<?>[]::new));
  }

  /** Replays one history and returns the outcome. A failed replay is an outcome, not an exception. */
  public ReplayOutcome replay(WorkflowExecutionHistory history) {
    try {
      worker.replayWorkflowExecution(history);
      return ReplayOutcome.success(history);
    } catch (Exception e) {
      return ReplayOutcome.failure(history, e);
    }
  }

  /** Releases the client. The factory was never started, and shutting it down would call the server. */
  @Override
  public void close() {
    stubs.shutdownNow();
  }
}
