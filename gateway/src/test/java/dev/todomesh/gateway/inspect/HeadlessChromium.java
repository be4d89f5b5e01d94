package dev.todomesh.gateway.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium run headless for one page load, with the flags that keep it off the
 * network: it loads only the loopback URL it is given.
 */
final class HeadlessChromium {

  static final Path BINARY = Path.of("/usr/bin/chromium");

  private static final long TIMEOUT_SECONDS = 60;

  private HeadlessChromium() {}

  static boolean isInstalled() {
    return Files.isExecutable(BINARY);
  }

  /** Loads the page, lets its scripts run, and returns the resulting DOM as HTML. */
  static String dumpDom(String url, Path workDir) throws IOException, InterruptedException {
    Path output = workDir.resolve("dom.html");
    run(workDir, output, List.of("--dump-dom", url));
    return Files.readString(output, StandardCharsets.UTF_8);
  }

  /** Loads the page, lets its scripts run, and writes a PNG screenshot. */
  static Path screenshot(String url, Path workDir, int width, int height)
      throws IOException, InterruptedException {
    Path png = workDir.resolve("screenshot.png");
    run(
        workDir,
        workDir.resolve("screenshot.log"),
        List.of("--window-size=" + width + "," + height, "--screenshot=" + png, url));
    return png;
  }

  private static void run(Path workDir, Path stdout, List<String> arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(BINARY.toString());
    command.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
            // Runs the page's timers and fetches to completion before the dump or screenshot.
            "--virtual-time-budget=10000",
            "--user-data-dir=" + Files.createTempDirectory(workDir, "profile")));
    command.addAll(arguments);
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(workDir.resolve("chromium-stderr.log").toFile())
            .start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "chromium did not finish within " + TIMEOUT_SECONDS + " s; see " + workDir);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "chromium exited with " + process.exitValue() + "; see " + workDir.resolve("chromium-stderr.log"));
    }
  }
}
