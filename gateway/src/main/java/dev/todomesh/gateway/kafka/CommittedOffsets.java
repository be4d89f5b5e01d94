package dev.todomesh.gateway.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Serves OffsetCommit and OffsetFetch. A group's committed offsets are one Redis hash, {@code
 * <prefix>:kafka-offsets:<groupId>}, with a field {@code <topic>:<partition>} per partition.
 *
 * <p>NOTE: commit metadata strings and leader epochs are not stored; OffsetFetch returns an
 * empty metadata string and no leader epoch.
 */
final class CommittedOffsets {

  private final RedissonClient redisson;
  private final String keyPrefix;

  CommittedOffsets(RedissonClient redisson, String keyPrefix) {
    this.redisson = redisson;
    this.keyPrefix = keyPrefix + ":kafka-offsets:";
  }

  CompletableFuture<OffsetCommitResponseData> commit(
      OffsetCommitRequestData request, GroupCoordinator groups) {
    return groups
        .checkCommit(request.groupId(), request.generationIdOrMemberEpoch(), request.memberId())
        .thenCompose(error -> store(request, error));
  }

  private CompletableFuture<OffsetCommitResponseData> store(
      OffsetCommitRequestData request, Errors membershipError) {
    OffsetCommitResponseData response = new OffsetCommitResponseData();
    Map<String, String> offsets = new LinkedHashMap<>();
    for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : request.topics()) {
      OffsetCommitResponseTopic topicResponse = new OffsetCommitResponseTopic().setName(topic.name());
      response.topics().add(topicResponse);
      for (var partition : topic.partitions()) {
        Errors error = membershipError;
        if (error == Errors.NONE && !BrokerNode.EVENTS_TOPIC.equals(topic.name())
            && !BrokerNode.COMMANDS_TOPIC.equals(topic.name())) {
          error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
        }
        if (error == Errors.NONE) {
          offsets.put(
              field(topic.name(), partition.partitionIndex()),
              Long.toString(partition.committedOffset()));
        }
        topicResponse
            .partitions()
            .add(
                new OffsetCommitResponsePartition()
                    .setPartitionIndex(partition.partitionIndex())
                    .setErrorCode(error.code()));
      }
    }
    if (offsets.isEmpty()) {
      return CompletableFuture.completedFuture(response);
    }
    return groupOffsets(request.groupId())
        .putAllAsync(offsets)
        .toCompletableFuture()
        .thenApply(stored -> response);
  }

  CompletableFuture<OffsetFetchResponseData> fetch(OffsetFetchRequestData request) {
    return groupOffsets(request.groupId())
        .readAllMapAsync()
        .toCompletableFuture()
        .thenApply(committed -> toResponse(request, committed));
  }

  private static OffsetFetchResponseData toResponse(
      OffsetFetchRequestData request, Map<String, String> committed) {
    OffsetFetchResponseData response = new OffsetFetchResponseData();
    Map<String, OffsetFetchResponseTopic> topics = new LinkedHashMap<>();
    if (request.topics() == null) {
      committed.forEach(
          (field, offset) -> {
            int colon = field.lastIndexOf(':');
            String topic = field.substring(0, colon);
            int partition = Integer.parseInt(field.substring(colon + 1));
            topics
                .computeIfAbsent(topic, name -> new OffsetFetchResponseTopic().setName(name))
                .partitions()
                .add(partitionResponse(partition, offset));
          });
    } else {
      for (OffsetFetchRequestData.OffsetFetchRequestTopic topic : request.topics()) {
        OffsetFetchResponseTopic topicResponse = new OffsetFetchResponseTopic().setName(topic.name());
        topics.put(topic.name(), topicResponse);
        for (int partition : topic.partitionIndexes()) {
          topicResponse
              .partitions()
              .add(partitionResponse(partition, committed.get(field(topic.name(), partition))));
        }
      }
    }
    response.setTopics(new ArrayList<>(topics.values()));
    return response;
  }

  private static OffsetFetchResponsePartition partitionResponse(int partition, String offset) {
    return new OffsetFetchResponsePartition()
        .setPartitionIndex(partition)
        .setCommittedOffset(offset == null ? -1 : Long.parseLong(offset))
        .setCommittedLeaderEpoch(-1)
        .setMetadata("");
  }

  private RMap<String, String> groupOffsets(String groupId) {
    return redisson.getMap(keyPrefix + groupId, StringCodec.INSTANCE);
  }

  private static String field(String topic, int partition) {
    return topic + ":" + partition;
  }
}
