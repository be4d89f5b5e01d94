package dev.todomesh.gateway.tracing;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Puts the request's trace context into the Reactor context, where {@link
 * dev.todomesh.gateway.stream.CommandIntake} finds it and stores it with the command.
 *
 * <p>With tracing on, that is the context of the HTTP server span, which continues an incoming
 * {@code traceparent} or starts a new trace. With tracing off no span is recorded, so the
 * incoming {@code traceparent} and {@code tracestate} headers are passed on as they came, when
 * valid. A collector that receives the client's spans can then still join the command to them.
 */
final class TraceParentWebFilter implements WebFilter {

  private final boolean tracingEnabled;

  TraceParentWebFilter(boolean tracingEnabled) {
    this.tracingEnabled = tracingEnabled;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    Optional<TraceParent> incoming = incoming(exchange.getRequest().getHeaders());
    Optional<TraceParent> trace = tracingEnabled ? serverSpan(exchange, incoming) : incoming;
    if (trace.isEmpty()) {
      return chain.filter(exchange);
    }
    return chain.filter(exchange).contextWrite(trace.get()::writeTo);
  }

  /** Returns the request's trace context headers, when there is exactly one valid traceparent. */
  private static Optional<TraceParent> incoming(HttpHeaders headers) {
    List<String> traceparents = headers.getOrEmpty(TraceParent.TRACEPARENT);
    if (traceparents.size() != 1) {
      return Optional.empty();
    }
    List<String> tracestates = headers.getOrEmpty(TraceParent.TRACESTATE);
    String tracestate = tracestates.isEmpty() ? null : String.join(",", tracestates);
    return TraceParent.parse(traceparents.get(0), tracestate);
  }

  /**
   * Returns the context of the HTTP server span, with the incoming tracestate when the span
   * continues the incoming trace.
   */
  private static Optional<TraceParent> serverSpan(
      ServerWebExchange exchange, Optional<TraceParent> incoming) {
    Optional<TraceContext> span =
        ServerRequestObservationContext.findCurrent(exchange.getAttributes())
            .map(
                context ->
                    context.<TracingObservationHandler.TracingContext>get(
                        TracingObservationHandler.TracingContext.class))
            .map(TracingObservationHandler.TracingContext::getSpan)
            .map(io.micrometer.tracing.Span::context);
    if (span.isEmpty()) {
      return Optional.empty();
    }
    TraceContext context = span.get();
    String flags = Boolean.TRUE.equals(context.sampled()) ? "01" : "00";
    String tracestate =
        incoming
            .filter(trace -> trace.traceId().equals(context.traceId()))
            .map(TraceParent::tracestate)
            .orElse(null);
    return TraceParent.parse(
        "00-" + context.traceId() + "-" + context.spanId() + "-" + flags, tracestate);
  }
}
