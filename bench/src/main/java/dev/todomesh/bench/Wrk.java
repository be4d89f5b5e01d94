package dev.todomesh.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the wrk HTTP load generator, when it is on the PATH, as a client in its own process. */
final class Wrk {

  /** Requests per second, and responses that were not 2xx or 3xx. */
  record Outcome(double perSecond, long errors) {}

  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors:(.*)");

  private Wrk() {}

  /**
   * Posts upserts to {@code todos} todos from {@code connections} connections for {@code
   * seconds}; returns null when wrk is not installed.
   */
  static Outcome postUpserts(String baseUrl, int connections, double seconds, int todos)
      throws IOException, InterruptedException {
    String tool = RedisBenchmark.findOnPath("wrk");
    if (tool == null) {
      return null;
    }
    Path script = Files.createTempFile("bench-wrk", ".lua");
    try {
      Files.writeString(script, luaScript(todos), StandardCharsets.UTF_8);
      List<String> command = List.of(tool, "-t2", "-c" + connections,
          "-d" + Math.max(1, Math.round(seconds)) + "s", "-s", script.toString(), baseUrl + "/");
      System.err.println("  ingest wrk: " + String.join(" ", command));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("wrk failed: " + output);
      }
      Matcher rate = RATE.matcher(output);
      if (!rate.find()) {
        throw new IllegalStateException("unexpected wrk output: " + output);
      }
      Matcher non2xx = NON_2XX.matcher(output);
      long errors = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
      if (SOCKET_ERRORS.matcher(output).find()) {
        System.err.println("  wrk reported socket errors: " + output);
      }
      return new Outcome(Double.parseDouble(rate.group(1)), errors);
    } finally {
      Files.deleteIfExists(script);
    }
  }

  private static String luaScript(int todos) {
    return "wrk.method = \"POST\"\n"
        + "wrk.body = '" + HttpWriter.BODY + "'\n"
        + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
        + "local counter = 0\n"
        + "request = function()\n"
        + "  counter = counter + 1\n"
        + "  return wrk.format(nil, \"/todos/ingestwrk-t\" .. (counter % " + todos + "))\n"
        + "end\n";
  }
}
