package dev.todomesh.gateway.kafka;

import dev.todomesh.activities.status.CommandStatusStore;
import dev.todomesh.gateway.kafka.CommandRecordDecoder.InvalidCommandRecordException;
import dev.todomesh.gateway.stream.CommandBatchAppender;
import dev.todomesh.gateway.stream.CommandEntry;
import dev.todomesh.gateway.stream.CommandIntake;
import dev.todomesh.gateway.stream.CommandStreams;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.BatchIndexAndErrorMessage;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.requests.ProduceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves Produce: checks every record of a partition's batch, then appends the batch through
 * {@link CommandIntake} in one step.
 *
 * <p>A batch with one invalid record is rejected whole with {@code INVALID_RECORD} and an error
 * per bad record, and nothing of it is enqueued. A record must also sit in the partition that
 * Kafka's default partitioner picks for its key, because per-todo order relies on one stream per
 * todo.
 */
final class ProduceHandler {

  private static final Logger log = LoggerFactory.getLogger(ProduceHandler.class);

  /** First Produce version whose response has the error message and per-record errors. */
  private static final short FIRST_VERSION_WITH_MESSAGES = 8;

  /** Throttle time sent with a backlog-full rejection, so retries do not arrive at once. */
  private static final int BACKLOG_THROTTLE_MS = 500;

  private final CommandIntake intake;
  private final CommandStatusStore statuses;
  private final CommandStreams streams;
  private final BrokerNode broker;
  private final long maxBatchSize;
  private final long maxValueSize;
  private final Clock clock = Clock.systemUTC();

  ProduceHandler(
      CommandIntake intake,
      CommandStatusStore statuses,
      CommandStreams streams,
      BrokerNode broker,
      long maxBatchSize,
      long maxValueSize) {
    this.intake = intake;
    this.statuses = statuses;
    this.streams = streams;
    this.broker = broker;
    this.maxBatchSize = maxBatchSize;
    this.maxValueSize = maxValueSize;
  }

  CompletableFuture<ProduceResponseData> handle(ProduceRequest request, String clientId) {
    ProduceResponseData response = new ProduceResponseData();
    List<CompletableFuture<Void>> appends = new ArrayList<>();
    for (ProduceRequestData.TopicProduceData topic : request.data().topicData()) {
      TopicProduceResponse topicResponse = new TopicProduceResponse().setName(topic.name());
      response.responses().add(topicResponse);
      for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
        PartitionProduceResponse partitionResponse =
            new PartitionProduceResponse()
                .setIndex(partition.index())
                .setBaseOffset(-1)
                .setLogAppendTimeMs(-1)
                .setLogStartOffset(-1);
        topicResponse.partitionResponses().add(partitionResponse);
        appends.add(
            produce(request, topic.name(), partition, partitionResponse, clientId));
      }
    }
    return CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new))
        .thenApply(
            done ->
                throttleWhenBacklogFull(
                    logRejections(response, clientId, request.version())));
  }

  /** Asks the client to pause before its next request when a partition's backlog is full. */
  private static ProduceResponseData throttleWhenBacklogFull(ProduceResponseData response) {
    boolean full =
        response.responses().stream()
            .flatMap(topic -> topic.partitionResponses().stream())
            .anyMatch(partition -> partition.errorCode() == Errors.NOT_ENOUGH_REPLICAS.code());
    return full ? response.setThrottleTimeMs(BACKLOG_THROTTLE_MS) : response;
  }

  /**
   * Logs rejected partitions. Produce responses carry the error message and the bad records'
   * reasons from version 8, so a client on an older version (librdkafka 2.0 sends version 7)
   * receives only the error code, and the reason is logged at info level. Newer clients receive
   * it in the response, and the log line is at debug level. A full backlog is logged where it
   * is detected.
   */
  private static ProduceResponseData logRejections(
      ProduceResponseData response, String clientId, short version) {
    boolean reasonSent = version >= FIRST_VERSION_WITH_MESSAGES;
    if (reasonSent && !log.isDebugEnabled()) {
      return response;
    }
    for (TopicProduceResponse topic : response.responses()) {
      for (PartitionProduceResponse partition : topic.partitionResponses()) {
        Errors error = Errors.forCode(partition.errorCode());
        if (error == Errors.NONE || error == Errors.NOT_ENOUGH_REPLICAS) {
          continue;
        }
        String format =
            "Produce rejected: topic={} partition={} clientId={} version={} error={} message={}"
                + " records={}";
        Object[] values = {
          topic.name(),
          partition.index(),
          clientId,
          version,
          error,
          partition.errorMessage(),
          describeRecordErrors(partition)
        };
        if (reasonSent) {
          log.debug(format, values);
        } else {
          log.info(format, values);
        }
      }
    }
    return response;
  }

  /** Returns every rejected record's index and reason, for the log. */
  private static String describeRecordErrors(PartitionProduceResponse partition) {
    return partition.recordErrors().stream()
        .map(record -> record.batchIndex() + ": " + record.batchIndexErrorMessage())
        .collect(Collectors.joining("; ", "[", "]"));
  }

  private CompletableFuture<Void> produce(
      ProduceRequest request,
      String topic,
      ProduceRequestData.PartitionProduceData partition,
      PartitionProduceResponse response,
      String clientId) {
    Errors rejection = checkTarget(request, topic, partition);
    if (rejection != Errors.NONE) {
      response.setErrorCode(rejection.code()).setErrorMessage(rejectionMessage(rejection, topic));
      return CompletableFuture.completedFuture(null);
    }
    MemoryRecords records = (MemoryRecords) partition.records();
    if (records.sizeInBytes() > maxBatchSize) {
      response
          .setErrorCode(Errors.MESSAGE_TOO_LARGE.code())
          .setErrorMessage(
              "record batch of "
                  + records.sizeInBytes()
                  + " bytes exceeds todo-mesh.kafka.max-batch-size ("
                  + maxBatchSize
                  + " bytes)");
      return CompletableFuture.completedFuture(null);
    }
    RecordBatch batch;
    try {
      ProduceRequest.validateRecords(request.version(), records);
      batch = records.batches().iterator().next();
      batch.ensureValid();
    } catch (InvalidRecordException | CorruptRecordException e) {
      response.setErrorCode(Errors.CORRUPT_MESSAGE.code()).setErrorMessage(e.getMessage());
      return CompletableFuture.completedFuture(null);
    }
    List<Map<String, String>> entries = decodeRecords(batch, partition.index(), response);
    if (entries == null) {
      return CompletableFuture.completedFuture(null);
    }
    CommandBatchAppender.Batch commands =
        new CommandBatchAppender.Batch(
            partition.index(),
            batch.producerId(),
            batch.producerEpoch(),
            batch.baseSequence(),
            entries);
    return intake
        .acceptBatch(commands)
        .toFuture()
        .thenCompose(result -> recordAccepted(result, entries, partition.index()))
        .handle(
            (result, error) -> {
              recordOutcome(response, result, error, partition.index(), clientId, entries.size());
              return null;
            });
  }

  /**
   * Records the {@code accepted} status of each appended command before the producer gets its
   * acknowledgement, so {@code GET /commands/{id}} finds the command from then on. A failure
   * only logs: the commands are in their stream and their later statuses still arrive.
   */
  private CompletableFuture<CommandBatchAppender.Result> recordAccepted(
      CommandBatchAppender.Result result, List<Map<String, String>> entries, int partition) {
    if (result.outcome() != CommandBatchAppender.Outcome.APPENDED) {
      return CompletableFuture.completedFuture(result);
    }
    List<CommandStatusStore.Accepted> accepted = new ArrayList<>();
    for (int index = 0; index < entries.size(); index++) {
      Map<String, String> entry = entries.get(index);
      accepted.add(
          new CommandStatusStore.Accepted(
              entry.get(CommandEntry.COMMAND_ID),
              entry.get(CommandEntry.TODO_ID),
              partition,
              result.entryIds().get(index)));
    }
    return statuses
        .acceptedAllAsync(accepted)
        .toCompletableFuture()
        .handle(
            (done, error) -> {
              if (error != null) {
                log.warn(
                    "Recording accepted statuses failed: partition={} commands={} error={}",
                    partition,
                    accepted.size(),
                    error.toString());
              }
              return result;
            });
  }

  private Errors checkTarget(
      ProduceRequest request, String topic, ProduceRequestData.PartitionProduceData partition) {
    if (request.transactionalId() != null) {
      return Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
    }
    if (BrokerNode.EVENTS_TOPIC.equals(topic)) {
      return Errors.TOPIC_AUTHORIZATION_FAILED;
    }
    if (!BrokerNode.COMMANDS_TOPIC.equals(topic) || !broker.hasPartition(partition.index())) {
      return Errors.UNKNOWN_TOPIC_OR_PARTITION;
    }
    return Errors.NONE;
  }

  private static String rejectionMessage(Errors rejection, String topic) {
    return switch (rejection) {
      case TRANSACTIONAL_ID_AUTHORIZATION_FAILED -> "transactions are not supported";
      case TOPIC_AUTHORIZATION_FAILED -> topic + " is read-only; produce to todo.commands";
      default -> "unknown topic or partition; produce to todo.commands";
    };
  }

  /**
   * Decodes every record of the batch. Returns null, with the errors set on the response, when
   * one or more records are invalid or too large.
   */
  private List<Map<String, String>> decodeRecords(
      RecordBatch batch, int partition, PartitionProduceResponse response) {
    Instant acceptedAt = clock.instant();
    List<Map<String, String>> entries = new ArrayList<>();
    List<BatchIndexAndErrorMessage> errors = new ArrayList<>();
    Errors error = Errors.INVALID_RECORD;
    int index = 0;
    for (Record record : batch) {
      try {
        if (record.valueSize() > maxValueSize) {
          error = Errors.MESSAGE_TOO_LARGE;
          throw new InvalidCommandRecordException(
              "value of "
                  + record.valueSize()
                  + " bytes exceeds todo-mesh.api.max-body-size ("
                  + maxValueSize
                  + " bytes)");
        }
        Map<String, String> entry =
            CommandRecordDecoder.decode(
                record.key(), record.value(), record.headers(), acceptedAt);
        String todoId = entry.get(CommandEntry.TODO_ID);
        int expected = streams.partitionOf(todoId);
        if (expected != partition) {
          throw new InvalidCommandRecordException(
              "todo '"
                  + todoId
                  + "' belongs to partition "
                  + expected
                  + "; use the default partitioner");
        }
        entries.add(entry);
      } catch (InvalidCommandRecordException e) {
        errors.add(
            new BatchIndexAndErrorMessage()
                .setBatchIndex(index)
                .setBatchIndexErrorMessage(e.getMessage()));
      }
      index++;
    }
    if (errors.isEmpty()) {
      return entries;
    }
    response
        .setErrorCode(error.code())
        .setRecordErrors(errors)
        .setErrorMessage(
            errors.size() + " of " + index + " records rejected; first: record "
                + errors.get(0).batchIndex() + ": " + errors.get(0).batchIndexErrorMessage());
    return null;
  }

  private static void recordOutcome(
      PartitionProduceResponse response,
      CommandBatchAppender.Result result,
      Throwable error,
      int partition,
      String clientId,
      int count) {
    if (error != null) {
      log.warn(
          "Produce failed to append to Redis: partition={} clientId={} error={}",
          partition,
          clientId,
          error.toString());
      response
          .setErrorCode(Errors.KAFKA_STORAGE_ERROR.code())
          .setErrorMessage("appending to Redis failed; retry");
      return;
    }
    switch (result.outcome()) {
      case APPENDED -> response.setBaseOffset(result.baseOffset());
      case DUPLICATE -> {
        log.info(
            "Duplicate batch not appended again: partition={} clientId={} baseOffset={} records={}",
            partition,
            clientId,
            result.baseOffset(),
            count);
        response.setBaseOffset(result.baseOffset());
      }
      case OUT_OF_ORDER_SEQUENCE ->
          response
              .setErrorCode(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code())
              .setErrorMessage("batch sequence does not follow the producer's last batch");
      case INVALID_PRODUCER_EPOCH ->
          response
              .setErrorCode(Errors.INVALID_PRODUCER_EPOCH.code())
              .setErrorMessage("producer epoch is older than the last one seen");
      case BACKLOG_FULL -> {
        log.warn(
            "Produce rejected, partition backlog full: partition={} clientId={} backlog={}",
            partition,
            clientId,
            result.baseOffset());
        // Every Kafka client retries NOT_ENOUGH_REPLICAS, so the batch is sent again later and
        // nothing is lost while the pump catches up.
        response
            .setErrorCode(Errors.NOT_ENOUGH_REPLICAS.code())
            .setErrorMessage(
                "partition "
                    + partition
                    + " has "
                    + result.baseOffset()
                    + " commands waiting, the maximum set by todo-mesh.streams.max-backlog;"
                    + " retry later");
      }
    }
  }
}
