package dev.todomesh.gateway.kafka;

import java.net.SocketAddress;

/** Per-connection state; only the connection's event loop thread reads or changes it. */
final class ConnectionState {

  final SocketAddress remoteAddress;
  boolean saslHandshakeDone;
  boolean authenticated;
  boolean closeAfterResponse;

  ConnectionState(SocketAddress remoteAddress) {
    this.remoteAddress = remoteAddress;
  }
}
