package dev.todomesh.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs an operation from a fixed number of threads, each starting the next call as soon as the
 * last one returns, and counts the calls that succeed in the timed window after a warm-up.
 */
final class ClosedLoop {

  /** One call; returns true when it succeeded. */
  interface Operation {
    boolean call(long sequence) throws Exception;
  }

  /** Successful calls per second in the timed window, and failed calls. */
  record Outcome(double perSecond, long succeeded, long failed, String firstError) {}

  private ClosedLoop() {}

  static Outcome run(
      String name, int threads, double warmupSeconds, double seconds, Operation operation) {
    long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    long end = warmupEnd + (long) (seconds * 1e9);
    LongAdder succeeded = new LongAdder();
    LongAdder failed = new LongAdder();
    AtomicLong sequence = new AtomicLong();
    AtomicBoolean errorSeen = new AtomicBoolean();
    String[] firstError = new String[1];
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread thread =
          new Thread(
              () -> {
                long now;
                while ((now = System.nanoTime()) < end) {
                  boolean ok;
                  try {
                    ok = operation.call(sequence.getAndIncrement());
                  } catch (Exception e) {
                    ok = false;
                    if (errorSeen.compareAndSet(false, true)) {
                      firstError[0] = e.toString();
                    }
                  }
                  if (now >= warmupEnd) {
                    (ok ? succeeded : failed).increment();
                  }
                }
              },
              "bench-" + name + "-" + i);
      thread.setDaemon(true);
      workers.add(thread);
    }
    try (Progress progress = new Progress(name, succeeded::sum, 0)) {
      workers.forEach(Thread::start);
      for (Thread worker : workers) {
        worker.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while measuring " + name, e);
    }
    return new Outcome(
        Format.rate(succeeded.sum(), seconds), succeeded.sum(), failed.sum(), firstError[0]);
  }
}
