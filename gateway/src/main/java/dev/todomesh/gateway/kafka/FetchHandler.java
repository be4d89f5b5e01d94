package dev.todomesh.gateway.kafka;

import dev.todomesh.gateway.kafka.EventReader.PartitionRead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.ListOffsetsRequest;

/**
 * Serves ListOffsets and Fetch for {@code todo.events}.
 *
 * <p>Fetch responds as soon as it has {@code minBytes} of records, or when {@code maxWaitMs} has
 * passed. While it waits it blocks in Redis on the requested streams, so an idle consumer costs
 * one blocked Redis connection per request and no polling.
 */
final class FetchHandler {

  private final EventReader reader;
  private final BrokerNode broker;

  FetchHandler(EventReader reader, BrokerNode broker) {
    this.reader = reader;
    this.broker = broker;
  }

  CompletableFuture<ListOffsetsResponseData> listOffsets(ListOffsetsRequestData request) {
    ListOffsetsResponseData response = new ListOffsetsResponseData();
    List<CompletableFuture<Void>> lookups = new ArrayList<>();
    for (ListOffsetsRequestData.ListOffsetsTopic topic : request.topics()) {
      ListOffsetsTopicResponse topicResponse = new ListOffsetsTopicResponse().setName(topic.name());
      response.topics().add(topicResponse);
      for (ListOffsetsRequestData.ListOffsetsPartition partition : topic.partitions()) {
        ListOffsetsPartitionResponse partitionResponse =
            new ListOffsetsPartitionResponse()
                .setPartitionIndex(partition.partitionIndex())
                .setTimestamp(-1)
                .setOffset(-1)
                .setLeaderEpoch(-1);
        topicResponse.partitions().add(partitionResponse);
        Errors rejection = checkTarget(topic.name(), partition.partitionIndex());
        if (rejection != Errors.NONE) {
          partitionResponse.setErrorCode(rejection.code());
          continue;
        }
        lookups.add(
            reader
                .bounds(partition.partitionIndex())
                .thenAccept(
                    bounds ->
                        partitionResponse.setOffset(offsetAt(partition.timestamp(), bounds))));
      }
    }
    return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new))
        .thenApply(done -> response);
  }

  private static long offsetAt(long timestamp, PartitionRead bounds) {
    if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP
        || timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
      return bounds.logStartOffset();
    }
    if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP
        || timestamp == ListOffsetsRequest.LATEST_TIERED_TIMESTAMP) {
      return bounds.highWatermark();
    }
    if (timestamp == ListOffsetsRequest.MAX_TIMESTAMP) {
      return bounds.highWatermark() > bounds.logStartOffset() ? bounds.highWatermark() - 1 : -1;
    }
    return -1;
  }

  CompletableFuture<FetchResponseData> fetch(FetchRequestData request) {
    long deadline = System.nanoTime() + Duration.ofMillis(Math.max(0, request.maxWaitMs())).toNanos();
    return attempt(request, deadline);
  }

  private CompletableFuture<FetchResponseData> attempt(FetchRequestData request, long deadline) {
    FetchResponseData response = new FetchResponseData();
    Map<Integer, Long> nextOffsets = new LinkedHashMap<>();
    List<CompletableFuture<Integer>> reads = new ArrayList<>();
    int maxBytes = request.maxBytes() <= 0 ? Integer.MAX_VALUE : request.maxBytes();
    for (FetchRequestData.FetchTopic topic : request.topics()) {
      FetchResponseData.FetchableTopicResponse topicResponse =
          new FetchResponseData.FetchableTopicResponse().setTopic(topic.topic());
      response.responses().add(topicResponse);
      for (FetchRequestData.FetchPartition partition : topic.partitions()) {
        FetchResponseData.PartitionData data =
            new FetchResponseData.PartitionData()
                .setPartitionIndex(partition.partition())
                .setRecords(MemoryRecords.EMPTY);
        topicResponse.partitions().add(data);
        Errors rejection = checkTarget(topic.topic(), partition.partition());
        if (rejection != Errors.NONE) {
          data.setErrorCode(rejection.code());
          continue;
        }
        long offset = partition.fetchOffset();
        int partitionMaxBytes = Math.min(maxBytes, Math.max(1, partition.partitionMaxBytes()));
        reads.add(
            reader
                .read(partition.partition(), offset, partitionMaxBytes, Integer.MAX_VALUE)
                .thenApply(read -> fill(data, read, offset)));
        nextOffsets.put(partition.partition(), offset);
      }
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .thenCompose(
            done -> {
              int bytes = reads.stream().mapToInt(CompletableFuture::join).sum();
              long remaining = deadline - System.nanoTime();
              boolean anyError =
                  reads.stream().anyMatch(read -> read.join() < 0);
              if (bytes >= request.minBytes()
                  || anyError
                  || nextOffsets.isEmpty()
                  || remaining < Duration.ofMillis(1).toNanos()) {
                return CompletableFuture.completedFuture(response);
              }
              for (var read : response.responses()) {
                for (var data : read.partitions()) {
                  long end = data.records().sizeInBytes() == 0
                      ? nextOffsets.getOrDefault(data.partitionIndex(), 0L)
                      : data.highWatermark();
                  nextOffsets.computeIfPresent(data.partitionIndex(), (p, o) -> end);
                }
              }
              return reader
                  .awaitAny(nextOffsets, Duration.ofNanos(remaining))
                  .thenCompose(woken -> attempt(request, deadline));
            });
  }

  /** Copies a read into the response; returns the bytes read, or -1 for an error. */
  private static int fill(FetchResponseData.PartitionData data, PartitionRead read, long offset) {
    data.setHighWatermark(read.highWatermark())
        .setLastStableOffset(read.highWatermark())
        .setLogStartOffset(read.logStartOffset());
    if (offset < read.logStartOffset() || offset > read.highWatermark()) {
      data.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
      return -1;
    }
    data.setRecords(read.records());
    return read.records().sizeInBytes();
  }

  private Errors checkTarget(String topic, int partition) {
    if (BrokerNode.COMMANDS_TOPIC.equals(topic)) {
      return Errors.TOPIC_AUTHORIZATION_FAILED;
    }
    if (!BrokerNode.EVENTS_TOPIC.equals(topic) || !broker.hasPartition(partition)) {
      return Errors.UNKNOWN_TOPIC_OR_PARTITION;
    }
    return Errors.NONE;
  }
}
