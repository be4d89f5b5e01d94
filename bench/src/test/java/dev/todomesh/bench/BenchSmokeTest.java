package dev.todomesh.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every scenario once in quick mode against the embedded stack. A smoke test only: the
 * figures of a run this short on a shared machine mean little, so nothing here checks a rate or
 * a latency.
 */
class BenchSmokeTest {

  private static final int COMMANDS = 200;

  @TempDir static Path outputDir;

  private static List<ScenarioResult> results;
  private static String table;

  @BeforeAll
  static void runAllScenariosQuickly() throws Exception {
    BenchOptions options = BenchOptions.parse(new String[] {
      "all", "--quick", "--seconds=1", "--commands=" + COMMANDS, "--todos=40",
      "--out=" + outputDir
    });
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    results = BenchMain.run(
        options, "all --quick", new PrintStream(output, true, StandardCharsets.UTF_8));
    table = output.toString(StandardCharsets.UTF_8);
  }

  @Test
  void quickRunWritesEveryScenario() throws Exception {
    assertThat(results).extracting(ScenarioResult::scenario)
        .containsExactlyElementsOf(BenchOptions.SCENARIOS);
    for (ScenarioResult result : results) {
      assertThat(result.rows()).as("figures of %s", result.scenario()).isNotEmpty();
      assertThat(result.loadBefore()).as("load of %s", result.scenario()).isNotBlank();
      for (String extension : List.of("json", "csv", "svg")) {
        Path file = outputDir.resolve(result.scenario() + "." + extension);
        assertThat(file).as("%s output", extension).exists();
        assertThat(Files.size(file)).as("size of %s", file).isPositive();
      }
    }
    assertThat(table).contains("== ingest ==").contains("== cost ==");
  }

  @Test
  void dispatchCasesProcessEveryCommand() {
    ScenarioResult dispatch = results.get(BenchOptions.SCENARIOS.indexOf("dispatch"));

    for (String subject : List.of(
        "todo-mesh pump, uniform keys", "direct signalWithStart, uniform keys",
        "todo-mesh pump, skewed keys", "direct signalWithStart, skewed keys")) {
      assertThat(dispatch.value(subject, "commands processed")).as(subject).isEqualTo(COMMANDS);
    }
  }
}
