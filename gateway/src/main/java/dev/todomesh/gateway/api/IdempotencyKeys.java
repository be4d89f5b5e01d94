package dev.todomesh.gateway.api;

import dev.todomesh.gateway.stream.CommandIntake;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Validation and fingerprints for the {@code Idempotency-Key} request header. */
final class IdempotencyKeys {

  static final String HEADER = "Idempotency-Key";

  /** Response header set when the response repeats an earlier request's result. */
  static final String REPLAYED_HEADER = "Idempotent-Replayed";

  private static final Pattern VALID = Pattern.compile("[\\x21-\\x7E]{1,255}");

  private IdempotencyKeys() {}

  /**
   * Returns the key with a fingerprint of the request parts, or null when no key was sent.
   *
   * @throws ErrorResponseException with status 400 when the key is not 1 to 255 visible ASCII
   *     characters
   */
  static CommandIntake.IdempotencyKey of(String key, String... requestParts) {
    if (key == null) {
      return null;
    }
    if (!VALID.matcher(key).matches()) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.BAD_REQUEST,
              "Idempotency-Key is invalid: use 1 to 255 visible ASCII characters, for example a"
                  + " UUID");
      problem.setTitle("Invalid Idempotency-Key");
      throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }
    return new CommandIntake.IdempotencyKey(key, fingerprint(requestParts));
  }

  private static String fingerprint(String... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        // The length prefix keeps ("ab", "c") and ("a", "bc") apart.
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }
}
