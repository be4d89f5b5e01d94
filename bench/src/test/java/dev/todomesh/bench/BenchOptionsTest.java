package dev.todomesh.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void allExpandsToEveryScenario() {
    BenchOptions options = BenchOptions.parse(new String[] {"all"});

    assertThat(options.scenarios()).containsExactlyElementsOf(BenchOptions.SCENARIOS);
    assertThat(options.seconds()).isEqualTo(10);
  }

  @Test
  void quickShortensDefaults() {
    BenchOptions options = BenchOptions.parse(new String[] {"ingest", "--quick"});

    assertThat(options.seconds()).isEqualTo(2);
    assertThat(options.commands()).isEqualTo(1_000);
  }

  @Test
  void unknownArgumentIsRejected() {
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"ingest", "--fast"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--fast");
  }

  @Test
  void redisBenchmarkCsvIsReadFromTheEnd() {
    String csv = "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\","
        + "\"p95_latency_ms\",\"p99_latency_ms\",\"max_latency_ms\"\n"
        + "\"XADD s * payload {\"\"title\"\":\"\"a,b\"\"}\",\"52910.05\",\"0.5\",\"0.1\",\"0.4\","
        + "\"0.9\",\"1.2\",\"3.0\"\n";

    assertThat(RedisBenchmark.parseRequestsPerSecond(csv)).isEqualTo(52910.05);
  }
}
