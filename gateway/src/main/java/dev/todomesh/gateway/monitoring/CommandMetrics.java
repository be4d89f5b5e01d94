package dev.todomesh.gateway.monitoring;

import dev.todomesh.workflows.TodoCommand;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Counters and timers of the command pipeline, from intake to the signal that Temporal accepted.
 * The workflow reports when a command is applied, and this class covers the steps before it.
 *
 * <p>Every counter counts commands, not requests or signals, so the counters of one command's
 * path can be compared with each other.
 */
public final class CommandMetrics {

  /** Entry point of a command into the system, the value of the {@code source} tag. */
  public enum Source {
    HTTP("http"),
    KAFKA("kafka");

    private final String tag;

    Source(String tag) {
      this.tag = tag;
    }
  }

  static final String ACCEPTED = "todo_mesh.commands.accepted";
  static final String DISPATCHED = "todo_mesh.commands.dispatched";
  static final String RETRIED = "todo_mesh.commands.retried";
  static final String PARKED = "todo_mesh.commands.parked";
  static final String DEAD_LETTERED = "todo_mesh.commands.dead_lettered";
  static final String SIGNAL_DURATION = "todo_mesh.signal.duration";
  static final String ACCEPTED_TO_DISPATCHED = "todo_mesh.commands.accepted_to_dispatched";

  /**
   * Upper bucket of the accepted-to-dispatched histogram. Commands wait in Redis for as long as
   * Temporal is unreachable, so the wait can be far longer than Micrometer's 30 s default.
   */
  private static final Duration MAX_EXPECTED_WAIT = Duration.ofHours(1);

  private final Counter acceptedHttp;
  private final Counter acceptedKafka;
  private final Counter dispatched;
  private final Counter retried;
  private final Counter parked;
  private final Counter deadLettered;
  private final Timer signalSucceeded;
  private final Timer signalFailed;
  private final Timer acceptedToDispatched;
  private final Clock clock;

  public CommandMetrics(MeterRegistry registry, Clock clock) {
    this.clock = clock;
    this.acceptedHttp = accepted(registry, Source.HTTP);
    this.acceptedKafka = accepted(registry, Source.KAFKA);
    this.dispatched =
        Counter.builder(DISPATCHED)
            .description("Commands whose signal Temporal accepted")
            .register(registry);
    this.retried =
        Counter.builder(RETRIED)
            .description(
                "Commands in a signal attempt that failed and is retried, once per attempt")
            .register(registry);
    this.parked =
        Counter.builder(PARKED)
            .description("Commands that failed permanently and parked their todo")
            .register(registry);
    this.deadLettered =
        Counter.builder(DEAD_LETTERED)
            .description("Entries written to the dead-letter stream")
            .register(registry);
    this.signalSucceeded = signalDuration(registry, "success");
    this.signalFailed = signalDuration(registry, "failure");
    this.acceptedToDispatched =
        Timer.builder(ACCEPTED_TO_DISPATCHED)
            .description("Time from a command's acceptedAt to Temporal accepting its signal")
            .publishPercentileHistogram()
            .maximumExpectedValue(MAX_EXPECTED_WAIT)
            .register(registry);
  }

  /** Returns metrics that record into an unexported registry, for code run outside Spring. */
  public static CommandMetrics unregistered() {
    return new CommandMetrics(new CompositeMeterRegistry(), Clock.systemUTC());
  }

  private static Counter accepted(MeterRegistry registry, Source source) {
    return Counter.builder(ACCEPTED)
        .description("Commands appended to a command stream; idempotent replays not included")
        .tag("source", source.tag)
        .register(registry);
  }

  private static Timer signalDuration(MeterRegistry registry, String outcome) {
    return Timer.builder(SIGNAL_DURATION)
        .description("Duration of one signalWithStart call, which carries one or more commands")
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .register(registry);
  }

  public void accepted(Source source, int commands) {
    (source == Source.HTTP ? acceptedHttp : acceptedKafka).increment(commands);
  }

  /** Records one signal that Temporal accepted and how long its commands waited before it. */
  public void dispatched(List<TodoCommand> commands, Duration signalDuration) {
    signalSucceeded.record(signalDuration);
    dispatched.increment(commands.size());
    var now = clock.instant();
    for (TodoCommand command : commands) {
      // acceptedAt comes from the intake host's clock, which may run ahead of this host's clock.
      Duration waited = Duration.between(command.acceptedAt(), now);
      acceptedToDispatched.record(waited.isNegative() ? Duration.ZERO : waited);
    }
  }

  /** Records one failed signal attempt. {@code willRetry} is false when the todo gets parked. */
  public void signalFailed(int commands, Duration signalDuration, boolean willRetry) {
    signalFailed.record(signalDuration);
    if (willRetry) {
      retried.increment(commands);
    }
  }

  public void parked() {
    parked.increment();
  }

  public void deadLettered() {
    deadLettered.increment();
  }
}
