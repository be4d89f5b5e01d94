package dev.todomesh.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Redis's own redis-benchmark tool, when it is on the PATH, against the run's Redis. */
final class RedisBenchmark {

  private RedisBenchmark() {}

  /**
   * Returns the XADD requests per second that redis-benchmark reports for {@code requests}
   * appends of a command-sized entry from {@code clients} connections, or NaN when the tool is
   * not installed.
   */
  static double xadd(BenchStack stack, int clients, int requests)
      throws IOException, InterruptedException {
    String tool = findOnPath("redis-benchmark");
    if (tool == null) {
      return Double.NaN;
    }
    URI address = stack.redisAddress();
    String stream = stack.propertiesFor("redis-benchmark").streams().prefix() + ":stream";
    List<String> command = new ArrayList<>(List.of(
        tool, "-h", address.getHost(), "-p", Integer.toString(address.getPort()),
        "-c", Integer.toString(clients), "-n", Integer.toString(requests), "--csv"));
    String userInfo = address.getUserInfo();
    if (userInfo != null && userInfo.contains(":")) {
      command.addAll(List.of("-a", userInfo.substring(userInfo.indexOf(':') + 1)));
    }
    command.addAll(List.of("XADD", stream, "*"));
    IngestScenario.fields("redis-benchmark-t1")
        .forEach((name, value) -> command.addAll(List.of(name, value)));
    System.err.println("  ingest redis-benchmark: " + requests + " XADD requests");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("redis-benchmark failed: " + output);
    }
    return parseRequestsPerSecond(output);
  }

  /**
   * Reads the rps column of the last CSV line. Redis 7 prints {@code "test","rps"} and six
   * latency columns; the test name contains the whole command, quotes included, so the columns are
   * counted from the end.
   */
  static double parseRequestsPerSecond(String csv) {
    String[] lines = csv.strip().split("\n");
    String last = lines[lines.length - 1];
    String[] cells = last.split("\",\"");
    if (cells.length < 8) {
      throw new IllegalStateException("unexpected redis-benchmark output: " + csv);
    }
    return Double.parseDouble(cells[cells.length - 7].replace("\"", ""));
  }

  /** Returns the path of an executable on the PATH, or null. */
  static String findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      File candidate = new File(dir, name);
      if (candidate.canExecute()) {
        return candidate.getPath();
      }
    }
    return null;
  }
}
