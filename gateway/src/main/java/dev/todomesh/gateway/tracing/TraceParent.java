package dev.todomesh.gateway.tracing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The W3C trace context of a command: a {@code traceparent} header value and the optional
 * {@code tracestate} that goes with it. Stored as fields of the command's stream entry, under the
 * header names.
 *
 * @param traceparent version 00 form, {@code 00-<32 hex trace ID>-<16 hex parent ID>-<2 hex
 *     flags>}
 * @param tracestate the vendor list, or null
 */
public record TraceParent(String traceparent, String tracestate) {

  /** Entry field and header name of the traceparent. */
  public static final String TRACEPARENT = "traceparent";

  /** Entry field and header name of the tracestate. */
  public static final String TRACESTATE = "tracestate";

  /**
   * Maximum length of a kept tracestate. The bound only stops an oversized value from growing
   * the stream entry.
   */
  static final int MAX_TRACESTATE_LENGTH = 8192;

  private static final Pattern VERSION_00 =
      Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

  private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x20-\\x7e]*");

  private static final Object CONTEXT_KEY = TraceParent.class;

  /**
   * Returns the trace context of these header values, or empty when {@code traceparent} is
   * missing or not a valid version 00 value. An invalid or oversized {@code tracestate} is
   * dropped, as the W3C recommendation allows, and the traceparent kept.
   */
  public static Optional<TraceParent> parse(String traceparent, String tracestate) {
    if (traceparent == null || !VERSION_00.matcher(traceparent).matches()) {
      return Optional.empty();
    }
    boolean keepState =
        tracestate != null
            && !tracestate.isBlank()
            && tracestate.length() <= MAX_TRACESTATE_LENGTH
            && PRINTABLE_ASCII.matcher(tracestate).matches();
    return Optional.of(new TraceParent(traceparent, keepState ? tracestate : null));
  }

  /** Returns the trace context stored in a stream entry, or empty when it has none. */
  public static Optional<TraceParent> fromFields(Map<String, String> fields) {
    return parse(fields.get(TRACEPARENT), fields.get(TRACESTATE));
  }

  /** Returns the trace ID, 32 lower-case hex digits. */
  public String traceId() {
    return traceparent.substring(3, 35);
  }

  /** Returns the ID of the span that is the parent of whatever continues this trace. */
  public String parentId() {
    return traceparent.substring(36, 52);
  }

  /**
   * Returns a copy of {@code fields} with this trace context added, or {@code fields} itself when
   * it already carries a traceparent.
   */
  public Map<String, String> addTo(Map<String, String> fields) {
    if (fields.containsKey(TRACEPARENT)) {
      return fields;
    }
    Map<String, String> traced = new LinkedHashMap<>(fields);
    traced.put(TRACEPARENT, traceparent);
    if (tracestate != null) {
      traced.put(TRACESTATE, tracestate);
    }
    return traced;
  }

  /** Returns the Reactor context with this trace context, for {@link #current} downstream. */
  public Context writeTo(Context context) {
    return context.put(CONTEXT_KEY, this);
  }

  /** Returns the trace context that a caller upstream wrote into the Reactor context. */
  public static Optional<TraceParent> current(ContextView context) {
    return context.getOrEmpty(CONTEXT_KEY);
  }
}
