package dev.todomesh.embedded;

import io.temporal.testserver.TestServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Temporal Java test server on 127.0.0.1, running in real time (no time skipping).
 *
 * <p>It keeps every workflow in memory: stopping the process loses all workflow state and
 * histories. It stands in for a Temporal cluster in development only.
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

  @Override
  public void close() {
    server.close();
    log.info("Embedded Temporal test server stopped: target=127.0.0.1:{}", port);
  }
}
