package dev.todomesh.gateway.tracing;

import dev.todomesh.gateway.pump.SignalTracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentracing.Tracer;
import io.temporal.opentracing.OpenTracingClientInterceptor;
import io.temporal.opentracing.OpenTracingOptions;
import io.temporal.opentracing.OpenTracingWorkerInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Trace propagation from the intake through the pump into Temporal, switched by Spring Boot's
 * {@value #ENABLED}, which this application sets to false.
 *
 * <p>On: Temporal's OpenTracing interceptors, given the OpenTelemetry SDK through the OpenTracing
 * shim, carry the trace in workflow, signal and activity headers, and the pump makes a span per
 * signal. Off: every span is dropped by an always-off sampler, so nothing is recorded or
 * exported even when a span exporter is configured.
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

  /** Spring Boot's switch for trace propagation and export, true when missing. */
  static final String ENABLED = "management.tracing.export.enabled";

  /** Spring Boot's OTLP endpoint for spans. */
  static final String OTLP_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

  private static final Logger log = LoggerFactory.getLogger(TracingConfiguration.class);

  /** Instrumentation scope name of the pump's spans. */
  static final String INSTRUMENTATION_SCOPE = "dev.todomesh.pump";

  @Bean
  TraceParentWebFilter traceParentWebFilter(Environment environment) {
    return new TraceParentWebFilter(environment.getProperty(ENABLED, Boolean.class, true));
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBooleanProperty(name = ENABLED, matchIfMissing = true)
  static class On {

    @Bean
    OpenTracingOptions temporalTracingOptions(OpenTelemetry openTelemetry, Environment environment) {
      log.info(
          "Tracing on: spans are exported over OTLP: endpoint={}",
          environment.getProperty(OTLP_ENDPOINT, "http://localhost:4318/v1/traces"));
      Tracer tracer = OpenTracingShim.createTracerShim(openTelemetry);
      return OpenTracingOptions.newBuilder().setTracer(tracer).build();
    }

    @Bean
    OpenTracingClientInterceptor temporalClientTracing(OpenTracingOptions options) {
      return new OpenTracingClientInterceptor(options);
    }

    @Bean
    OpenTracingWorkerInterceptor temporalWorkerTracing(OpenTracingOptions options) {
      return new OpenTracingWorkerInterceptor(options);
    }

    @Bean
    SignalTracing signalTracing(OpenTelemetry openTelemetry) {
      return new OpenTelemetrySignalTracing(openTelemetry.getTracer(INSTRUMENTATION_SCOPE));
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBooleanProperty(name = ENABLED, havingValue = false)
  static class Off {

    /** Replaces Spring Boot's ratio sampler, which would still record spans of every request. */
    @Bean
    Sampler otelSampler() {
      return Sampler.alwaysOff();
    }

    @Bean
    SignalTracing signalTracing() {
      return SignalTracing.NONE;
    }
  }
}
