package dev.todomesh.gateway.config;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import dev.todomesh.embedded.EmbeddedTemporal;
import dev.todomesh.workflows.TodoSearchAttributes;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Connects to the configured Temporal frontend, or starts the embedded test server. */
@Configuration(proxyBeanMethods = false)
class TemporalConfiguration {

  private static final Logger log = LoggerFactory.getLogger(TemporalConfiguration.class);

  @Bean(destroyMethod = "close")
  @ConditionalOnExpression("'${todo-mesh.temporal.target:}'.isBlank()")
  EmbeddedTemporal embeddedTemporal(TodoMeshProperties properties) {
    EmbeddedTemporal temporal =
        EmbeddedTemporal.start(
            properties.embedded().temporalPort(), "todo-mesh.embedded.temporal-port");
    temporal.registerSearchAttributes(TodoSearchAttributes.definitions());
    return temporal;
  }

  /**
   * Reports the Temporal SDK's client and worker metrics (requests, polls, workflow task
   * latencies) to Micrometer, which serves them at {@code /actuator/prometheus}.
   */
  @Bean(destroyMethod = "close")
  Scope temporalMetricsScope(MeterRegistry registry) {
    return new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(com.uber.m3.util.Duration.ofSeconds(10));
  }

  @Bean(destroyMethod = "shutdown")
  WorkflowServiceStubs workflowServiceStubs(
      TodoMeshProperties properties,
      ObjectProvider<EmbeddedTemporal> embeddedTemporal,
      Scope temporalMetricsScope) {
    EmbeddedTemporal embedded = embeddedTemporal.getIfAvailable();
    String target = embedded != null ? embedded.target() : properties.temporal().target();
    log.info(
        "Connecting to Temporal: mode={} target={} namespace={}",
        embedded != null ? "embedded" : "external",
        target,
        properties.temporal().namespace());
    WorkflowServiceStubsOptions options =
        embedded != null
            ? WorkflowServiceStubsOptions.newBuilder().setTarget(target).build()
            : TemporalConnections.external(properties.temporal());
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder(options)
            .setMetricsScope(temporalMetricsScope)
            .build());
  }

  /** Creates the client, with every {@link WorkflowClientInterceptor} bean in bean order. */
  @Bean
  WorkflowClient workflowClient(
      WorkflowServiceStubs stubs,
      TodoMeshProperties properties,
      ObjectProvider<WorkflowClientInterceptor> interceptors) {
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder()
            .setNamespace(properties.temporal().namespace())
            .setInterceptors(interceptors.orderedStream().toArray(WorkflowClientInterceptor[]::new))
            .build());
  }
}
