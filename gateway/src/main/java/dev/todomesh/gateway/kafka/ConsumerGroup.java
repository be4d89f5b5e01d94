package dev.todomesh.gateway.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;

/**
 * State of one consumer group under the classic group protocol. Only the {@link
 * GroupCoordinator} thread reads or changes it.
 */
final class ConsumerGroup {

  /** The group states of the classic protocol, as a Kafka broker names them. */
  enum State {
    EMPTY,
    PREPARING_REBALANCE,
    COMPLETING_REBALANCE,
    STABLE
  }

  final String groupId;
  final Map<String, Member> members = new LinkedHashMap<>();
  State state = State.EMPTY;
  int generationId;
  String protocolType;
  String protocolName;
  String leaderId;
  ScheduledFuture<?> rebalanceDeadline;

  ConsumerGroup(String groupId) {
    this.groupId = groupId;
  }

  boolean allMembersJoined() {
    return members.values().stream().allMatch(member -> member.pendingJoin != null);
  }

  /** One member; {@code pendingJoin} and {@code pendingSync} are requests still waiting for their response. */
  static final class Member {

    final String memberId;
    final String groupInstanceId;
    int sessionTimeoutMs;
    int rebalanceTimeoutMs;
    List<Protocol> protocols;
    byte[] assignment = new byte[0];
    long lastSeenNanos;
    CompletableFuture<JoinGroupResponseData> pendingJoin;
    CompletableFuture<SyncGroupResponseData> pendingSync;

    Member(String memberId, String groupInstanceId) {
      this.memberId = memberId;
      this.groupInstanceId = groupInstanceId;
    }

    byte[] metadataFor(String protocolName) {
      return protocols.stream()
          .filter(protocol -> protocol.name().equals(protocolName))
          .findFirst()
          .map(Protocol::metadata)
          .orElse(new byte[0]);
    }

    boolean supports(String protocolName) {
      return protocols.stream().anyMatch(protocol -> protocol.name().equals(protocolName));
    }
  }

  /** An assignment protocol that a member offers, with its member metadata. */
  record Protocol(String name, byte[] metadata) {}
}
