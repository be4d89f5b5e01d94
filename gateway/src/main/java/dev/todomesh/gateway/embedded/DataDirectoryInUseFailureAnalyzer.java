package dev.todomesh.gateway.embedded;

import dev.todomesh.embedded.DataDirectoryInUseException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a data directory held by another process as a short start-up error. */
class DataDirectoryInUseFailureAnalyzer
    extends AbstractFailureAnalyzer<DataDirectoryInUseException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, DataDirectoryInUseException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Give each process its own data directory with TODO_MESH_EMBEDDED_DATA_DIR or"
            + " --todo-mesh.embedded.data-dir=DIR, or let this process join the running one's"
            + " Redis with --todo-mesh.redis.url and its Temporal with"
            + " --todo-mesh.temporal.target.",
        cause);
  }
}
