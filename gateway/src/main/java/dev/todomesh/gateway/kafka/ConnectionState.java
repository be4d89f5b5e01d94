package dev.todomesh.gateway.kafka;

import java.net.SocketAddress;

/** Per-connection state; only the connection's event loop thread reads or changes it. */
final class ConnectionState {

  final SocketAddress remoteAddress;
  boolean saslHandshakeDone;
  /** Set after a version 0 SaslHandshake: the next frame is a bare SASL token, with no header. */
  boolean expectsBareSaslToken;
  boolean authenticated;
  boolean closeAfterResponse;

  ConnectionState(SocketAddress remoteAddress) {
    this.remoteAddress = remoteAddress;
  }
}
