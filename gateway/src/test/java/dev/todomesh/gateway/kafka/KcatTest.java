package dev.todomesh.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.todomesh.activities.TodoPartitioner;
import dev.todomesh.activities.events.EventLog;
import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.support.TestHttp;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * kcat, a librdkafka client, producing and consuming against the running application. Skipped
 * when kcat is not on the PATH.
 */
@ExtendWith(OutputCaptureExtension.class)
class KcatTest extends KafkaApplicationTest {

  @BeforeAll
  static void requireKcat() {
    boolean onPath =
        List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
            .anyMatch(dir -> new File(dir, "kcat").canExecute());
    assumeThat(onPath).as("kcat on the PATH").isTrue();
  }

  @Autowired RedissonClient redisson;
  @Autowired TodoMeshProperties properties;

  @Test
  void kcatProducedCommandsAreApplied() throws Exception {
    String input =
        "kcat-1:{\"type\":\"upsert\",\"title\":\"from kcat\",\"completed\":true}\n"
            + "kcat-2:{\"type\":\"upsert\",\"title\":\"second\"}\n";

    Result produced =
        kcat(input, "-P", "-t", "todo.commands", "-K:", "-z", "gzip",
            "-X", "topic.partitioner=murmur2_random");

    assertThat(produced.exitCode()).as(produced.stderr()).isZero();
    WebTestClient http =
        TestHttp.client(httpPort);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                http.get()
                    .uri("/todos/kcat-1")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.title")
                    .isEqualTo("from kcat"));
  }

  @Test
  void rejectionReasonIsLoggedForOldProduceVersion(CapturedOutput output) throws Exception {
    Result produced =
        kcat(
            "kcat-bad:{\"type\":\"upsert\",\"title\":\"t\"}\n",
            "-P", "-t", "todo.commands", "-K:", "-X", "topic.partitioner=murmur2_random",
            "-H", "command-id=not valid");

    assertThat(produced.exitCode()).isNotZero();
    assertThat(produced.stderr()).contains("Broker failed to validate record");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(output.getOut())
                    .contains("Produce rejected")
                    .contains("error=INVALID_RECORD")
                    .contains("header command-id is not a valid command ID"));
  }

  @Test
  void kcatConsumesEvents() throws Exception {
    EventLog events =
        new EventLog(
            redisson,
            properties.streams().prefix(),
            new TodoPartitioner(properties.streams().partitions()));
    long offset = events.append("kcat-event", 1, Map.of("type", "todo.created"));
    int partition = events.partitionOf("kcat-event");

    Result consumed =
        kcat("", "-C", "-t", "todo.events", "-p", Integer.toString(partition), "-o", "beginning",
            "-e", "-f", "%k %o %s\\n");

    assertThat(consumed.exitCode()).as(consumed.stderr()).isZero();
    assertThat(consumed.stdout()).contains("kcat-event " + offset + " {");
    assertThat(consumed.stdout()).contains("\"type\":\"todo.created\"");
  }

  private Result kcat(String input, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kcat", "-b", bootstrapServers()));
    command.addAll(List.of(args));
    File stdout = File.createTempFile("kcat", ".out");
    File stderr = File.createTempFile("kcat", ".err");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout)
            .redirectError(stderr)
            .start();
    process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("kcat did not finish within 20 s: " + command);
    }
    return new Result(
        process.exitValue(),
        java.nio.file.Files.readString(stdout.toPath()),
        java.nio.file.Files.readString(stderr.toPath()));
  }

  private record Result(int exitCode, String stdout, String stderr) {}
}
