package dev.todomesh.embedded;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Temporal Java test server on 127.0.0.1, running in real time (no time skipping).
 *
 * <p>It keeps every workflow in memory: stopping the process loses all workflow state and
 * histories. It replaces a Temporal cluster in development only.
 */
public final class EmbeddedTemporal implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedTemporal.class);

  private final TestServer.PortBoundTestServer server;
  private final int port;

  private EmbeddedTemporal(TestServer.PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts the test server on {@code port}.
   *
   * @param portSetting name of the setting that chooses the port, for the error message
   * @throws PortInUseException when the port is taken
   */
  public static EmbeddedTemporal start(int port, String portSetting) {
    if (!Ports.isFree(port)) {
      throw new PortInUseException("Embedded Temporal", port, portSetting);
    }
    // true locks time skipping, so timers fire in real time as on a real cluster.
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
    log.warn(
        "Embedded Temporal test server started: target=127.0.0.1:{}. It keeps workflow state in"
            + " memory only: stopping this process loses every todo's state and history",
        port);
    return new EmbeddedTemporal(server, port);
  }

  public String target() {
    return "127.0.0.1:" + port;
  }

  /**
   * Registers custom search attributes in the {@code default} namespace, so that workflows can
   * upsert them. The test server keeps them in memory, like everything else.
   */
  public void registerSearchAttributes(Map<String, IndexedValueType> attributes) {
    registerSearchAttributes(target(), attributes);
  }

  /**
   * Registers custom search attributes in the {@code default} namespace of the Temporal test
   * server at {@code target}. The test server accepts the operator API's request, as a cluster
   * does for {@code temporal operator search-attribute create}.
   */
  public static void registerSearchAttributes(
      String target, Map<String, IndexedValueType> attributes) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder().setTarget(target).validateAndBuildWithDefaults());
    try {
      operator
          .blockingStub()
          .addSearchAttributes(
              AddSearchAttributesRequest.newBuilder()
                  .setNamespace("default")
                  .putAllSearchAttributes(attributes)
                  .build());
      log.info("Search attributes registered: target={} names={}", target, attributes.keySet());
    } finally {
      operator.shutdownNow();
    }
  }

  @Override
  public void close() {
    server.close();
    log.info("Embedded Temporal test server stopped: target=127.0.0.1:{}", port);
  }
}
