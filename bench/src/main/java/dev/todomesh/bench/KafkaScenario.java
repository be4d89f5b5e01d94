package dev.todomesh.bench;

import dev.todomesh.gateway.stream.CommandStreams;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.redisson.api.stream.StreamAddArgs;

/**
 * Records per second from one {@code KafkaProducer} with its default settings (batching,
 * idempotence, {@code acks=all}) against the application's Kafka listener, next to raw
 * {@code XADD} through Redisson in the same run.
 */
final class KafkaScenario {

  static final String VALUE = "{\"type\":\"upsert\",\"title\":\"benchmark write\",\"completed\":false}";

  private KafkaScenario() {}

  static ScenarioResult run(BenchStack stack, BenchOptions options) {
    ScenarioResult result = new ScenarioResult("kafka");
    double warmup = options.quick() ? 0.5 : options.seconds() / 2;
    int todos = options.todos();

    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + stack.kafkaPort());
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    double perSecond;
    try (KafkaProducer<String, String> producer =
            new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        Progress progress = new Progress("kafka producer", acknowledged::get, 0)) {
      long start = System.nanoTime();
      long windowStart = start + (long) (warmup * 1e9);
      long end = windowStart + (long) (options.seconds() * 1e9);
      long countAtWindowStart = -1;
      long sequence = 0;
      while (System.nanoTime() < end) {
        if (countAtWindowStart < 0 && System.nanoTime() >= windowStart) {
          countAtWindowStart = acknowledged.get();
        }
        String todoId = Workload.todoId("kafka", (int) (sequence++ % todos));
        producer.send(new ProducerRecord<>("todo.commands", todoId, VALUE), (metadata, error) -> {
          if (error == null) {
            acknowledged.incrementAndGet();
          } else {
            failed.incrementAndGet();
            firstError.compareAndSet(null, error.toString());
          }
        });
      }
      long countAtEnd = acknowledged.get();
      perSecond = Format.rate(countAtEnd - Math.max(0, countAtWindowStart), options.seconds());
      producer.flush();
    }
    result.addCharted("KafkaProducer, default settings, 1 producer", "records/s", perSecond, "1/s");
    if (failed.get() > 0) {
      result.add("KafkaProducer, default settings, 1 producer", "failed records", failed.get(),
          "records");
      result.note("first failed record: " + firstError.get());
    }
    stack.deleteKeys("app");

    CommandStreams rawStreams = stack.streamsFor(stack.propertiesFor("kafkaraw"));
    ClosedLoop.Outcome raw = ClosedLoop.run("kafka raw XADD", options.concurrency(), warmup,
        options.seconds(), sequence -> {
          String todoId = "kafkaraw-t" + sequence % todos;
          rawStreams.commandStream(rawStreams.partitionOf(todoId))
              .add(StreamAddArgs.entries(IngestScenario.fields(todoId)));
          return true;
        });
    result.addCharted("raw XADD via Redisson, " + options.concurrency() + " threads", "records/s",
        raw.perSecond(), "1/s");
    stack.deleteKeys("kafkaraw");
    result.ratio("Kafka producer / raw XADD", Format.ratio(perSecond, raw.perSecond()),
        Double.NaN);
    return result;
  }
}
