package dev.todomesh.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Port checks for the embedded servers. */
public final class Ports {

  /** Lowest port {@link #findFree} picks, above the ports that services commonly use. */
  static final int LOWEST = 10_000;

  /** File in which Linux keeps the range of ports it gives to outgoing connections. */
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  /** First port of that range when the file cannot be read: the Linux default. */
  private static final int DEFAULT_EPHEMERAL_LOW = 32_768;

  private static final int ATTEMPTS = 100;

  /** Ports this process has handed out, so two calls never return the same one. */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private Ports() {}

  /**
   * Returns true when nothing listens on {@code port} of 127.0.0.1. Connections that linger in
   * TIME_WAIT do not count, as for Redis and gRPC, which bind with SO_REUSEADDR too.
   */
  public static boolean isFree(int port) {
    return canBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }

  /**
   * Returns a port that was free on every interface a moment ago. It comes from below the range
   * that the system gives to outgoing connections, so a connection that some process opens
   * between this call and the bind cannot take it, as it can take a port that the system
   * picked. Without such a range the system picks the port.
   */
  public static int findFree() {
    int below = ephemeralLow();
    for (int attempt = 0; attempt < ATTEMPTS && below > LOWEST; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
      if (!HANDED_OUT.contains(port)
          && canBind(new InetSocketAddress(port))
          && HANDED_OUT.add(port)) {
        return port;
      }
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port on 127.0.0.1", e);
    }
  }

  private static boolean canBind(InetSocketAddress address) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(address);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Returns the first port of the system's range for outgoing connections. */
  static int ephemeralLow() {
    try {
      // readAllLines, because Files.readString returned one character of this /proc file.
      String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
      return Integer.parseInt(range[0]);
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_LOW;
    }
  }
}
