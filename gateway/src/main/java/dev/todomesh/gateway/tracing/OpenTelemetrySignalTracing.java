package dev.todomesh.gateway.tracing;

import dev.todomesh.gateway.pump.SignalTracing;
import dev.todomesh.workflows.TodoCommand;
import dev.todomesh.workflows.TodoWorkflow;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes the pump's span {@value #SPAN_NAME} around each signal attempt. The span is a child of
 * the first command's trace context and links to the trace contexts of the other commands in
 * the same signal. A command without a trace context starts a new trace.
 *
 * <p>The span is current while the signal runs, so Temporal's tracing interceptor makes its
 * client span a child of it and sends that span's context to the workflow in the signal header.
 *
 * <p>NOTE: only the {@code traceparent} reaches this span. The entry's {@code tracestate} stays
 * in Redis, so vendor data in it does not continue past the pump.
 */
public final class OpenTelemetrySignalTracing implements SignalTracing {

  static final String SPAN_NAME = "deliver commands";

  static final AttributeKey<String> TODO_ID = AttributeKey.stringKey("todo_mesh.todo_id");
  static final AttributeKey<String> WORKFLOW_ID = AttributeKey.stringKey("todo_mesh.workflow_id");
  static final AttributeKey<Long> COMMANDS = AttributeKey.longKey("todo_mesh.commands");
  static final AttributeKey<String> FIRST_ENTRY_ID =
      AttributeKey.stringKey("todo_mesh.first_entry_id");

  private static final TextMapGetter<Map<String, String>> MAP_GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private final Tracer tracer;

  public OpenTelemetrySignalTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public void trace(String todoId, List<TodoCommand> commands, Runnable signal) {
    Span span = startSpan(todoId, commands);
    try (Scope scope = span.makeCurrent()) {
      signal.run();
    } catch (RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  private Span startSpan(String todoId, List<TodoCommand> commands) {
    TodoCommand first = commands.get(0);
    SpanBuilder builder =
        tracer
            .spanBuilder(SPAN_NAME)
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute(TODO_ID, todoId)
            .setAttribute(WORKFLOW_ID, TodoWorkflow.workflowId(todoId))
            .setAttribute(COMMANDS, (long) commands.size())
            .setAttribute(FIRST_ENTRY_ID, first.source().entryId());
    SpanContext parent = remoteContext(first);
    if (parent.isValid()) {
      builder.setParent(Context.root().with(Span.wrap(parent)));
    } else {
      builder.setNoParent();
    }
    Set<String> linked = new HashSet<>();
    linked.add(parent.getSpanId());
    for (TodoCommand command : commands.subList(1, commands.size())) {
      SpanContext other = remoteContext(command);
      if (other.isValid() && linked.add(other.getSpanId())) {
        builder.addLink(other);
      }
    }
    return builder.startSpan();
  }

  /** Returns the trace context stored with the command, or an invalid context when it has none. */
  private static SpanContext remoteContext(TodoCommand command) {
    String traceparent = command.source().traceparent();
    if (traceparent == null) {
      return SpanContext.getInvalid();
    }
    Context extracted =
        W3CTraceContextPropagator.getInstance()
            .extract(Context.root(), Map.of(TraceParent.TRACEPARENT, traceparent), MAP_GETTER);
    return Span.fromContext(extracted).getSpanContext();
  }
}
