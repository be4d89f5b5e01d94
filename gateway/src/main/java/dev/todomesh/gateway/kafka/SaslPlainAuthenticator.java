package dev.todomesh.gateway.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves SaslHandshake and SaslAuthenticate for the PLAIN mechanism against the
 * users of {@code todo-mesh.kafka.sasl.users}.
 *
 * <p>Passwords travel in clear text, as PLAIN always does, and the listener has no TLS, so SASL
 * here only keeps out clients that do not know a password on a network you already trust.
 */
final class SaslPlainAuthenticator {

  static final String MECHANISM = "PLAIN";

  private static final Logger log = LoggerFactory.getLogger(SaslPlainAuthenticator.class);

  private final boolean enabled;
  private final Map<String, String> passwords;

  SaslPlainAuthenticator(boolean enabled, Map<String, String> passwords) {
    if (enabled && passwords.isEmpty()) {
      throw new IllegalStateException(
          "todo-mesh.kafka.sasl.enabled is true but todo-mesh.kafka.sasl.users is empty;"
              + " add a user, for example todo-mesh.kafka.sasl.users.alice=PASSWORD");
    }
    this.enabled = enabled;
    this.passwords = Map.copyOf(passwords);
  }

  /** Returns whether a connection must authenticate before requests other than SASL ones. */
  boolean isRequired() {
    return enabled;
  }

  SaslHandshakeResponseData handshake(
      SaslHandshakeRequestData request, short version, ConnectionState session) {
    if (!enabled || !MECHANISM.equals(request.mechanism())) {
      return new SaslHandshakeResponseData()
          .setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code())
          .setMechanisms(enabled ? List.of(MECHANISM) : List.of());
    }
    session.saslHandshakeDone = true;
    session.expectsBareSaslToken = version == 0;
    return new SaslHandshakeResponseData().setMechanisms(List.of(MECHANISM));
  }

  SaslAuthenticateResponseData authenticate(
      SaslAuthenticateRequestData request, ConnectionState session) {
    if (!session.saslHandshakeDone || session.authenticated) {
      session.closeAfterResponse = true;
      return failure(Errors.ILLEGAL_SASL_STATE, "SaslAuthenticate must follow one SaslHandshake");
    }
    if (!verify(request.authBytes(), session)) {
      session.closeAfterResponse = true;
      return failure(
          Errors.SASL_AUTHENTICATION_FAILED, "Authentication failed: invalid user name or password");
    }
    return new SaslAuthenticateResponseData().setAuthBytes(new byte[0]);
  }

  /**
   * Checks a bare PLAIN token sent after a version 0 SaslHandshake. Success returns an empty
   * frame. Failure closes the connection without a response.
   */
  ByteBuffer authenticateBareToken(ByteBuffer frame, ConnectionState session) {
    session.expectsBareSaslToken = false;
    byte[] token = new byte[frame.remaining()];
    frame.get(token);
    if (!verify(token, session)) {
      throw new RequestDispatcher.MalformedRequestException("SASL authentication failed");
    }
    return ByteBuffer.allocate(0);
  }

  /** Checks a PLAIN message: authorization ID, user name and password, separated by NUL bytes. */
  private boolean verify(byte[] message, ConnectionState session) {
    String[] parts = new String(message, StandardCharsets.UTF_8).split("\0", -1);
    boolean valid =
        parts.length == 3
            && (parts[0].isEmpty() || parts[0].equals(parts[1]))
            && passwordMatches(parts[1], parts[2]);
    if (!valid) {
      String user = parts.length == 3 ? parts[1] : "";
      log.warn(
          "Kafka SASL authentication failed: remote={} user={}", session.remoteAddress, user);
      return false;
    }
    session.authenticated = true;
    return true;
  }

  private boolean passwordMatches(String user, String password) {
    String expected = passwords.get(user);
    // Compared in constant time so response timing does not reveal how much of it matched.
    return expected != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
  }

  private static SaslAuthenticateResponseData failure(Errors error, String message) {
    return new SaslAuthenticateResponseData()
        .setErrorCode(error.code())
        .setErrorMessage(message)
        .setAuthBytes(new byte[0]);
  }
}
