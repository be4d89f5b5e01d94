package dev.todomesh.gateway.monitoring;

import dev.todomesh.gateway.stream.CommandStreams;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the gauge {@code todo_mesh_partition_backlog{partition}}: commands appended to a
 * partition and not yet acknowledged, read from the partition's backlog counter in Redis.
 *
 * <p>Every process with this binder reports the same global value, so a dashboard takes the
 * maximum per partition. One scrape reads all counters with one request and reuses the values
 * for a second, so a scrape costs one Redis round trip. When Redis cannot be read the gauges
 * report NaN.
 */
final class BacklogMetrics implements MeterBinder {

  static final String NAME = "todo_mesh.partition.backlog";

  private static final Logger log = LoggerFactory.getLogger(BacklogMetrics.class);

  private static final Duration CACHE_TTL = Duration.ofSeconds(1);

  private final CommandStreams streams;
  private final Clock clock;
  private long[] cached;
  private long cachedAtMillis = Long.MIN_VALUE;

  BacklogMetrics(CommandStreams streams, Clock clock) {
    this.streams = streams;
    this.clock = clock;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (int partition = 0; partition < streams.partitions(); partition++) {
      int p = partition;
      Gauge.builder(NAME, this, metrics -> metrics.backlog(p))
          .description("Commands appended to the partition and not yet acknowledged by a pump")
          .baseUnit("commands")
          .tag("partition", Integer.toString(partition))
          .register(registry);
    }
  }

  /** Returns the partition's backlog, or NaN when Redis cannot be read. */
  synchronized double backlog(int partition) {
    long now = clock.millis();
    if (cached == null || now - cachedAtMillis >= CACHE_TTL.toMillis()) {
      cached = readAll();
      cachedAtMillis = now;
    }
    return cached == null ? Double.NaN : cached[partition];
  }

  private long[] readAll() {
    String[] keys = new String[streams.partitions()];
    for (int partition = 0; partition < keys.length; partition++) {
      keys[partition] = streams.backlogKey(partition);
    }
    try {
      Map<String, String> values =
          streams.redisson().getBuckets(StringCodec.INSTANCE).get(keys);
      long[] backlog = new long[keys.length];
      for (int partition = 0; partition < keys.length; partition++) {
        String value = values.get(keys[partition]);
        backlog[partition] = value == null ? 0 : Long.parseLong(value);
      }
      return backlog;
    } catch (RedisException | NumberFormatException e) {
      log.warn("Reading the partition backlog counters failed: error={}", e.toString());
      return null;
    }
  }
}
