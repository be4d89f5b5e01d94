package dev.todomesh.gateway.support;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Prints every thread's stack when a test fails on a timeout, so a request that hangs in a full
 * run shows where it waits. Registered for all tests through the service loader.
 */
public final class ThreadDumpOnTimeout implements TestExecutionExceptionHandler {

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    if (isTimeout(failure)) {
      StringBuilder dump =
          new StringBuilder("Thread dump after a timeout in ")
              .append(context.getDisplayName())
              .append(":\n");
      for (ThreadInfo thread :
          ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
        dump.append(describe(thread));
      }
      System.err.println(dump);
    }
    throw failure;
  }

  private static boolean isTimeout(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      String message = String.valueOf(cause.getMessage());
      if (cause instanceof TimeoutException || message.contains("Timeout on blocking read")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Formats the thread like {@link ThreadInfo#toString()}, with every frame instead of the first
   * eight.
   */
  private static String describe(ThreadInfo thread) {
    StringBuilder text =
        new StringBuilder("\"")
            .append(thread.getThreadName())
            .append("\" ")
            .append(thread.getThreadState());
    if (thread.getLockName() != null) {
      text.append(" on ").append(thread.getLockName());
    }
    if (thread.getLockOwnerName() != null) {
      text.append(" owned by \"").append(thread.getLockOwnerName()).append('"');
    }
    text.append('\n');
    for (StackTraceElement frame : thread.getStackTrace()) {
      text.append("\tat ").append(frame).append('\n');
    }
    return text.append('\n').toString();
  }
}
