package dev.todomesh.gateway.pump;

import dev.todomesh.workflows.TodoCommand;
import java.util.List;

/** Runs each signal attempt of the pump inside a span that continues its commands' traces. */
public interface SignalTracing {

  /** Runs the signal without a span, for when tracing is off. */
  SignalTracing NONE = (todoId, commands, signal) -> signal.run();

  /**
   * Runs {@code signal}, which delivers {@code commands} of one todo, inside a span. Exceptions
   * of the signal pass through unchanged.
   */
  void trace(String todoId, List<TodoCommand> commands, Runnable signal);
}
