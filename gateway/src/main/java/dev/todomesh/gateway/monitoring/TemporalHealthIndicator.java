package dev.todomesh.gateway.monitoring;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reports Temporal up when the frontend describes the configured namespace within the timeout.
 * A Temporal server returns NOT_FOUND for a namespace that does not exist yet, which is
 * reported down, because no workflow can run there.
 *
 * <p>NOTE: the embedded test server accepts any namespace, so there only reachability counts.
 */
final class TemporalHealthIndicator implements ReactiveHealthIndicator {

  private final WorkflowServiceStubs stubs;
  private final String namespace;
  private final Duration timeout;

  TemporalHealthIndicator(WorkflowServiceStubs stubs, String namespace, Duration timeout) {
    this.stubs = stubs;
    this.namespace = namespace;
    this.timeout = timeout;
  }

  @Override
  public Mono<Health> health() {
    return Mono.fromCallable(this::describeNamespace)
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorResume(
            StatusRuntimeException.class,
            error ->
                Mono.just(
                    Health.down()
                        .withDetail("namespace", namespace)
                        .withDetail("status", error.getStatus().getCode().toString())
                        .build()));
  }

  private Health describeNamespace() {
    stubs
        .blockingStub()
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
    return Health.up().withDetail("namespace", namespace).build();
  }
}
