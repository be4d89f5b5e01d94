package dev.todomesh.gateway.support;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Adds an in-memory span exporter, which Spring Boot registers next to any other exporter. Tests
 * read the finished spans from it after flushing the tracer provider.
 */
@TestConfiguration(proxyBeanMethods = false)
public class InMemorySpanExport {

  @Bean
  InMemorySpanExporter inMemorySpanExporter() {
    return InMemorySpanExporter.create();
  }
}
