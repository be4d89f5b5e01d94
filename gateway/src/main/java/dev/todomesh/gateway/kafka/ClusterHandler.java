package dev.todomesh.gateway.kafka;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.redisson.api.RedissonClient;

/** Serves Metadata, FindCoordinator and InitProducerId from the single-broker layout. */
final class ClusterHandler {

  private final BrokerNode broker;
  private final RedissonClient redisson;
  private final String producerIdKey;

  ClusterHandler(BrokerNode broker, RedissonClient redisson, String keyPrefix) {
    this.broker = broker;
    this.redisson = redisson;
    this.producerIdKey = keyPrefix + ":kafka-producer-ids";
  }

  MetadataResponseData metadata(MetadataRequestData request, short version) {
    MetadataResponseData response =
        new MetadataResponseData()
            .setClusterId(BrokerNode.CLUSTER_ID)
            .setControllerId(broker.nodeId());
    response
        .brokers()
        .add(
            new MetadataResponseBroker()
                .setNodeId(broker.nodeId())
                .setHost(broker.host())
                .setPort(broker.port()));
    boolean allTopics =
        request.topics() == null || (version == 0 && request.topics().isEmpty());
    List<String> names =
        allTopics
            ? List.of(BrokerNode.COMMANDS_TOPIC, BrokerNode.EVENTS_TOPIC)
            : request.topics().stream().map(MetadataRequestData.MetadataRequestTopic::name).toList();
    for (String name : names) {
      response.topics().add(describeTopic(name));
    }
    return response;
  }

  private MetadataResponseTopic describeTopic(String name) {
    MetadataResponseTopic topic =
        new MetadataResponseTopic().setName(name).setTopicId(Uuid.ZERO_UUID);
    if (name == null || !broker.isKnownTopic(name)) {
      return topic.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }
    for (int partition = 0; partition < broker.partitions(); partition++) {
      topic
          .partitions()
          .add(
              new MetadataResponsePartition()
                  .setPartitionIndex(partition)
                  .setLeaderId(broker.nodeId())
                  .setLeaderEpoch(-1)
                  .setReplicaNodes(List.of(broker.nodeId()))
                  .setIsrNodes(List.of(broker.nodeId())));
    }
    return topic;
  }

  /**
   * Returns this broker for every group key. Transaction coordinators are rejected, because
   * transactions are not supported.
   */
  FindCoordinatorResponseData findCoordinator(FindCoordinatorRequestData request, short version) {
    boolean transactional =
        request.keyType() == FindCoordinatorRequest.CoordinatorType.TRANSACTION.id();
    Errors error = transactional ? Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED : Errors.NONE;
    String message = transactional ? "transactions are not supported" : null;
    FindCoordinatorResponseData response = new FindCoordinatorResponseData();
    if (version < 4) {
      return response
          .setErrorCode(error.code())
          .setErrorMessage(message)
          .setNodeId(transactional ? -1 : broker.nodeId())
          .setHost(transactional ? "" : broker.host())
          .setPort(transactional ? -1 : broker.port());
    }
    for (String key : request.coordinatorKeys()) {
      response
          .coordinators()
          .add(
              new FindCoordinatorResponseData.Coordinator()
                  .setKey(key)
                  .setErrorCode(error.code())
                  .setErrorMessage(message)
                  .setNodeId(transactional ? -1 : broker.nodeId())
                  .setHost(transactional ? "" : broker.host())
                  .setPort(transactional ? -1 : broker.port()));
    }
    return response;
  }

  /**
   * Hands out a new producer ID with epoch 0 from a Redis counter, so IDs stay unique across
   * restarts and across API processes.
   */
  CompletableFuture<InitProducerIdResponseData> initProducerId(InitProducerIdRequestData request) {
    if (request.transactionalId() != null) {
      return CompletableFuture.completedFuture(
          new InitProducerIdResponseData()
              .setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code())
              .setProducerId(-1)
              .setProducerEpoch((short) -1));
    }
    return redisson
        .getAtomicLong(producerIdKey)
        .incrementAndGetAsync()
        .toCompletableFuture()
        .thenApply(
            id ->
                new InitProducerIdResponseData().setProducerId(id).setProducerEpoch((short) 0));
  }
}
