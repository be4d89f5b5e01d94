package dev.todomesh.gateway.support;

import io.grpc.Status;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptor;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowClientInterceptorBase;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client interceptor that fails {@code signalWithStart} to chosen workflows with
 * INVALID_ARGUMENT, as Temporal would a bad request, so a test can play a poison command.
 */
public final class PoisonedWorkflows extends WorkflowClientInterceptorBase {

  private final Set<String> workflowIds = ConcurrentHashMap.newKeySet();

  /** Makes every later signal to this workflow fail. */
  public void add(String workflowId) {
    workflowIds.add(workflowId);
  }

  /** Lets signals to every workflow through again. */
  public void clear() {
    workflowIds.clear();
  }

  @Override
  public WorkflowClientCallsInterceptor workflowClientCallsInterceptor(
      WorkflowClientCallsInterceptor next) {
    return new WorkflowClientCallsInterceptorBase(next) {
      @Override
      public WorkflowSignalWithStartOutput signalWithStart(WorkflowSignalWithStartInput input) {
        if (workflowIds.contains(input.getWorkflowStartInput().getWorkflowId())) {
          throw Status.INVALID_ARGUMENT.withDescription("poisoned in test").asRuntimeException();
        }
        return super.signalWithStart(input);
      }
    };
  }
}
