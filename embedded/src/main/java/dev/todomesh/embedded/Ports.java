package dev.todomesh.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks for the embedded servers, which listen on 127.0.0.1 only. */
public final class Ports {

  private Ports() {}

  /**
   * Returns true when nothing listens on {@code port} of 127.0.0.1. Connections that linger in
   * TIME_WAIT do not count, as for Redis and gRPC, which bind with SO_REUSEADDR too.
   */
  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Returns a port on 127.0.0.1 that was free a moment ago. */
  public static int findFree() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port on 127.0.0.1", e);
    }
  }
}
