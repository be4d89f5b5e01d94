package dev.todomesh.gateway.kafka;

import dev.todomesh.gateway.kafka.ConsumerGroup.Member;
import dev.todomesh.gateway.kafka.ConsumerGroup.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coordinates consumer groups with the classic group protocol (JoinGroup, SyncGroup, Heartbeat,
 * LeaveGroup), the way a Kafka broker does for {@code group.protocol=classic}.
 *
 * <p>All group state lives in this process's memory and changes on one thread, so no locks are
 * needed. Committed offsets are in Redis (see {@link CommittedOffsets}) and survive a restart;
 * memberships do not, and members rejoin after a restart when their requests fail with {@code
 * UNKNOWN_MEMBER_ID}.
 */
final class GroupCoordinator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);
  private static final long EXPIRY_CHECK_MILLIS = 500;

  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "kafka-group-coordinator");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<String, ConsumerGroup> groups = new HashMap<>();

  GroupCoordinator() {
    executor.scheduleWithFixedDelay(
        this::expireMembers, EXPIRY_CHECK_MILLIS, EXPIRY_CHECK_MILLIS, TimeUnit.MILLISECONDS);
  }

  CompletableFuture<JoinGroupResponseData> join(
      JoinGroupRequestData request, short version, String clientId) {
    CompletableFuture<JoinGroupResponseData> response = new CompletableFuture<>();
    executor.execute(() -> handleJoin(request, clientId, response));
    return response;
  }

  CompletableFuture<SyncGroupResponseData> sync(SyncGroupRequestData request) {
    CompletableFuture<SyncGroupResponseData> response = new CompletableFuture<>();
    executor.execute(() -> handleSync(request, response));
    return response;
  }

  CompletableFuture<HeartbeatResponseData> heartbeat(HeartbeatRequestData request) {
    return onGroupThread(
        () -> new HeartbeatResponseData().setErrorCode(checkHeartbeat(request).code()));
  }

  CompletableFuture<LeaveGroupResponseData> leave(LeaveGroupRequestData request, short version) {
    return onGroupThread(() -> handleLeave(request, version));
  }

  /**
   * Checks that an offset commit comes from a current member, or from a consumer outside any
   * membership ({@code assign()}) while the group has no members.
   */
  CompletableFuture<Errors> checkCommit(String groupId, int generationId, String memberId) {
    return onGroupThread(
        () -> {
          ConsumerGroup group = groups.get(groupId);
          if (generationId < 0 && (memberId == null || memberId.isEmpty())) {
            return group == null || group.members.isEmpty()
                ? Errors.NONE
                : Errors.UNKNOWN_MEMBER_ID;
          }
          Member member = group == null ? null : group.members.get(memberId);
          if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
          }
          if (generationId != group.generationId) {
            return Errors.ILLEGAL_GENERATION;
          }
          if (group.state == State.COMPLETING_REBALANCE) {
            return Errors.REBALANCE_IN_PROGRESS;
          }
          member.lastSeenNanos = System.nanoTime();
          return Errors.NONE;
        });
  }

  private <T> CompletableFuture<T> onGroupThread(java.util.function.Supplier<T> action) {
    return CompletableFuture.supplyAsync(action, executor);
  }

  private void handleJoin(
      JoinGroupRequestData request,
      String clientId,
      CompletableFuture<JoinGroupResponseData> response) {
    ConsumerGroup group =
        groups.computeIfAbsent(request.groupId(), ConsumerGroup::new);
    if (!group.members.isEmpty() && !request.protocolType().equals(group.protocolType)) {
      response.complete(joinError(Errors.INCONSISTENT_GROUP_PROTOCOL, request.memberId()));
      return;
    }
    Member member;
    if (request.memberId().isEmpty()) {
      String prefix = clientId == null || clientId.isEmpty() ? "member" : clientId;
      member = new Member(prefix + "-" + UUID.randomUUID(), request.groupInstanceId());
      group.members.put(member.memberId, member);
      log.info(
          "Member joined consumer group: groupId={} memberId={}", group.groupId, member.memberId);
    } else {
      member = group.members.get(request.memberId());
      if (member == null) {
        response.complete(joinError(Errors.UNKNOWN_MEMBER_ID, request.memberId()));
        return;
      }
    }
    group.protocolType = request.protocolType();
    member.sessionTimeoutMs = request.sessionTimeoutMs();
    member.rebalanceTimeoutMs =
        request.rebalanceTimeoutMs() > 0 ? request.rebalanceTimeoutMs() : request.sessionTimeoutMs();
    member.protocols = new ArrayList<>();
    request
        .protocols()
        .forEach(
            protocol ->
                member.protocols.add(
                    new ConsumerGroup.Protocol(protocol.name(), protocol.metadata())));
    member.lastSeenNanos = System.nanoTime();
    if (member.pendingJoin != null) {
      member.pendingJoin.complete(joinError(Errors.REBALANCE_IN_PROGRESS, member.memberId));
    }
    member.pendingJoin = response;
    if (group.state != State.PREPARING_REBALANCE) {
      prepareRebalance(group);
    }
    if (group.allMembersJoined()) {
      completeJoin(group);
    }
  }

  /** Starts a rebalance: members learn of it from their next Heartbeat and rejoin. */
  private void prepareRebalance(ConsumerGroup group) {
    group.state = State.PREPARING_REBALANCE;
    for (Member member : group.members.values()) {
      if (member.pendingSync != null) {
        member.pendingSync.complete(syncError(Errors.REBALANCE_IN_PROGRESS));
        member.pendingSync = null;
      }
    }
    int timeoutMs =
        group.members.values().stream().mapToInt(member -> member.rebalanceTimeoutMs).max().orElse(0);
    group.rebalanceDeadline =
        executor.schedule(() -> completeJoin(group), timeoutMs, TimeUnit.MILLISECONDS);
  }

  /**
   * Ends the join phase: members that did not rejoin in time are removed, a new generation
   * starts, and the leader receives every member's metadata so it can compute the assignment.
   */
  private void completeJoin(ConsumerGroup group) {
    if (group.state != State.PREPARING_REBALANCE) {
      return;
    }
    group.rebalanceDeadline.cancel(false);
    group.members.values().removeIf(member -> member.pendingJoin == null);
    if (group.members.isEmpty()) {
      group.state = State.EMPTY;
      return;
    }
    if (!group.members.containsKey(group.leaderId)) {
      group.leaderId = group.members.keySet().iterator().next();
    }
    Member leader = group.members.get(group.leaderId);
    String protocol =
        leader.protocols.stream()
            .map(ConsumerGroup.Protocol::name)
            .filter(name -> group.members.values().stream().allMatch(m -> m.supports(name)))
            .findFirst()
            .orElse(null);
    if (protocol == null) {
      for (Member member : group.members.values()) {
        member.pendingJoin.complete(
            joinError(Errors.INCONSISTENT_GROUP_PROTOCOL, member.memberId));
      }
      group.members.clear();
      group.state = State.EMPTY;
      return;
    }
    group.generationId++;
    group.protocolName = protocol;
    group.state = State.COMPLETING_REBALANCE;
    log.info(
        "Consumer group rebalanced: groupId={} generationId={} members={} protocol={}",
        group.groupId,
        group.generationId,
        group.members.size(),
        protocol);
    for (Member member : group.members.values()) {
      JoinGroupResponseData response =
          new JoinGroupResponseData()
              .setGenerationId(group.generationId)
              .setProtocolType(group.protocolType)
              .setProtocolName(protocol)
              .setLeader(group.leaderId)
              .setMemberId(member.memberId);
      if (member.memberId.equals(group.leaderId)) {
        for (Member each : group.members.values()) {
          response
              .members()
              .add(
                  new JoinGroupResponseData.JoinGroupResponseMember()
                      .setMemberId(each.memberId)
                      .setGroupInstanceId(each.groupInstanceId)
                      .setMetadata(each.metadataFor(protocol)));
        }
      }
      member.lastSeenNanos = System.nanoTime();
      CompletableFuture<JoinGroupResponseData> pending = member.pendingJoin;
      member.pendingJoin = null;
      pending.complete(response);
    }
  }

  private void handleSync(
      SyncGroupRequestData request, CompletableFuture<SyncGroupResponseData> response) {
    ConsumerGroup group = groups.get(request.groupId());
    Member member = group == null ? null : group.members.get(request.memberId());
    if (member == null) {
      response.complete(syncError(Errors.UNKNOWN_MEMBER_ID));
      return;
    }
    if (request.generationId() != group.generationId) {
      response.complete(syncError(Errors.ILLEGAL_GENERATION));
      return;
    }
    member.lastSeenNanos = System.nanoTime();
    switch (group.state) {
      case PREPARING_REBALANCE, EMPTY -> response.complete(syncError(Errors.REBALANCE_IN_PROGRESS));
      case STABLE -> response.complete(assignmentOf(group, member));
      case COMPLETING_REBALANCE -> {
        member.pendingSync = response;
        if (member.memberId.equals(group.leaderId)) {
          for (var assignment : request.assignments()) {
            Member assignee = group.members.get(assignment.memberId());
            if (assignee != null) {
              assignee.assignment = assignment.assignment();
            }
          }
          group.state = State.STABLE;
          for (Member each : group.members.values()) {
            if (each.pendingSync != null) {
              each.pendingSync.complete(assignmentOf(group, each));
              each.pendingSync = null;
            }
          }
        }
      }
    }
  }

  private Errors checkHeartbeat(HeartbeatRequestData request) {
    ConsumerGroup group = groups.get(request.groupId());
    Member member = group == null ? null : group.members.get(request.memberId());
    if (member == null) {
      return Errors.UNKNOWN_MEMBER_ID;
    }
    if (request.generationId() != group.generationId) {
      return Errors.ILLEGAL_GENERATION;
    }
    member.lastSeenNanos = System.nanoTime();
    return group.state == State.PREPARING_REBALANCE ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
  }

  private LeaveGroupResponseData handleLeave(LeaveGroupRequestData request, short version) {
    ConsumerGroup group = groups.get(request.groupId());
    LeaveGroupResponseData response = new LeaveGroupResponseData();
    List<String> leaving = new ArrayList<>();
    if (version < 3) {
      leaving.add(request.memberId());
    } else {
      request.members().forEach(identity -> leaving.add(identity.memberId()));
    }
    boolean anyRemoved = false;
    for (String memberId : leaving) {
      Member member = group == null ? null : group.members.remove(memberId);
      if (member != null) {
        anyRemoved = true;
        log.info("Member left consumer group: groupId={} memberId={}", group.groupId, memberId);
        failPending(member, Errors.UNKNOWN_MEMBER_ID);
      }
      if (version >= 3) {
        response
            .members()
            .add(
                new LeaveGroupResponseData.MemberResponse()
                    .setMemberId(memberId)
                    .setErrorCode(member == null ? Errors.UNKNOWN_MEMBER_ID.code() : 0));
      } else if (member == null) {
        response.setErrorCode(Errors.UNKNOWN_MEMBER_ID.code());
      }
    }
    if (anyRemoved) {
      rebalanceAfterRemoval(group);
    }
    return response;
  }

  /** Removes members whose session timed out, which starts a rebalance of their group. */
  private void expireMembers() {
    long now = System.nanoTime();
    for (ConsumerGroup group : new ArrayList<>(groups.values())) {
      List<Member> expired =
          group.members.values().stream()
              .filter(member -> member.pendingJoin == null)
              .filter(member -> now - member.lastSeenNanos > member.sessionTimeoutMs * 1_000_000L)
              .toList();
      for (Member member : expired) {
        group.members.remove(member.memberId);
        log.info(
            "Consumer group member expired: groupId={} memberId={} sessionTimeoutMs={}",
            group.groupId,
            member.memberId,
            member.sessionTimeoutMs);
        failPending(member, Errors.UNKNOWN_MEMBER_ID);
      }
      if (!expired.isEmpty()) {
        rebalanceAfterRemoval(group);
      }
      if (group.members.isEmpty() && group.state == State.EMPTY) {
        groups.remove(group.groupId);
      }
    }
  }

  private void rebalanceAfterRemoval(ConsumerGroup group) {
    if (group.members.isEmpty()) {
      if (group.rebalanceDeadline != null) {
        group.rebalanceDeadline.cancel(false);
      }
      group.state = State.EMPTY;
      return;
    }
    if (group.state != State.PREPARING_REBALANCE) {
      prepareRebalance(group);
    }
    if (group.allMembersJoined()) {
      completeJoin(group);
    }
  }

  private static void failPending(Member member, Errors error) {
    complete(member.pendingJoin, joinError(error, member.memberId));
    complete(member.pendingSync, syncError(error));
  }

  private static <T> void complete(CompletableFuture<T> future, T value) {
    if (future != null) {
      future.complete(value);
    }
  }

  private static SyncGroupResponseData assignmentOf(ConsumerGroup group, Member member) {
    return new SyncGroupResponseData()
        .setProtocolType(group.protocolType)
        .setProtocolName(group.protocolName)
        .setAssignment(member.assignment);
  }

  private static JoinGroupResponseData joinError(Errors error, String memberId) {
    return new JoinGroupResponseData()
        .setErrorCode(error.code())
        .setGenerationId(-1)
        .setMemberId(memberId == null ? "" : memberId);
  }

  private static SyncGroupResponseData syncError(Errors error) {
    return new SyncGroupResponseData().setErrorCode(error.code()).setAssignment(new byte[0]);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
