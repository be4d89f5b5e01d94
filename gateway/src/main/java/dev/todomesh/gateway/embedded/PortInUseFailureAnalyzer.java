package dev.todomesh.gateway.embedded;

import dev.todomesh.embedded.PortInUseException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a taken embedded-server or Kafka listener port as a short start-up error instead of a stack trace. */
class PortInUseFailureAnalyzer extends AbstractFailureAnalyzer<PortInUseException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, PortInUseException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Stop the other process, or set the port named above, for example with an environment"
            + " variable (TODO_MESH_EMBEDDED_REDIS_PORT, TODO_MESH_EMBEDDED_TEMPORAL_PORT,"
            + " TODO_MESH_KAFKA_PORT) or a --todo-mesh.embedded.*-port=PORT or"
            + " --todo-mesh.kafka.port=PORT argument.",
        cause);
  }
}
