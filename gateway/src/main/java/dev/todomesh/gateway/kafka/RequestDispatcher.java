package dev.todomesh.gateway.kafka;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.apache.kafka.common.requests.ResponseHeader;
import org.apache.kafka.common.requests.SyncGroupRequest;

/**
 * Decodes one request frame with the kafka-clients protocol classes, routes it to its handler
 * and encodes the response, header included and length prefix excluded.
 */
final class RequestDispatcher {

  private final ClusterHandler cluster;
  private final ProduceHandler produce;
  private final FetchHandler fetch;
  private final GroupCoordinator groups;
  private final CommittedOffsets offsets;
  private final SaslPlainAuthenticator sasl;

  RequestDispatcher(
      ClusterHandler cluster,
      ProduceHandler produce,
      FetchHandler fetch,
      GroupCoordinator groups,
      CommittedOffsets offsets,
      SaslPlainAuthenticator sasl) {
    this.cluster = cluster;
    this.produce = produce;
    this.fetch = fetch;
    this.groups = groups;
    this.offsets = offsets;
    this.sasl = sasl;
  }

  /**
   * Handles one request frame.
   *
   * @return the encoded response, or null when the request expects none (Produce with acks=0)
   * @throws MalformedRequestException when the frame cannot be decoded, or when it comes before
   *     a required SASL authentication. The caller closes the connection
   */
  CompletableFuture<ByteBuffer> dispatch(ByteBuffer frame, ConnectionState session) {
    if (session.expectsBareSaslToken) {
      return CompletableFuture.completedFuture(sasl.authenticateBareToken(frame, session));
    }
    RequestHeader header;
    try {
      header = RequestHeader.parse(frame);
    } catch (RuntimeException e) {
      throw new MalformedRequestException("invalid request header: " + e);
    }
    ApiKeys api = header.apiKey();
    short version = header.apiVersion();
    if (sasl.isRequired() && !session.authenticated && !isAllowedBeforeAuthentication(api)) {
      throw new MalformedRequestException(api.name + " request before SASL authentication");
    }
    if (api == ApiKeys.API_VERSIONS && !SupportedApis.supports(api, version)) {
      // A client that sends an ApiVersions version this server does not know learns the
      // supported range from a version 0 response, the one format every client can read.
      ApiVersionsResponseData unsupported =
          apiVersions().setErrorCode(Errors.UNSUPPORTED_VERSION.code());
      return CompletableFuture.completedFuture(
          encode(new ResponseHeader(header.correlationId(), (short) 0), unsupported, (short) 0));
    }
    if (!api.isVersionSupported(version)) {
      throw new MalformedRequestException(
          api.name + " version " + version + " is unknown; " + SupportedApis.describe(api));
    }
    AbstractRequest request;
    try {
      request = AbstractRequest.parseRequest(api, version, new ByteBufferAccessor(frame)).request;
    } catch (RuntimeException e) {
      throw new MalformedRequestException(
          "invalid " + api.name + " v" + version + " request: " + e);
    }
    CompletableFuture<? extends ApiMessage> response;
    if (SupportedApis.supports(api, version)) {
      response = handle(request, header, session);
    } else {
      UnsupportedVersionException refusal =
          new UnsupportedVersionException(SupportedApis.describe(api));
      response = CompletableFuture.completedFuture(request.getErrorResponse(refusal).data());
    }
    return response.thenApply(
        data -> data == null ? null : encode(header.toResponseHeader(), data, version));
  }

  private static boolean isAllowedBeforeAuthentication(ApiKeys api) {
    return api == ApiKeys.API_VERSIONS
        || api == ApiKeys.SASL_HANDSHAKE
        || api == ApiKeys.SASL_AUTHENTICATE;
  }

  private CompletableFuture<? extends ApiMessage> handle(
      AbstractRequest request, RequestHeader header, ConnectionState session) {
    short version = header.apiVersion();
    String clientId = header.clientId();
    return switch (header.apiKey()) {
      case API_VERSIONS -> CompletableFuture.completedFuture(apiVersions());
      case SASL_HANDSHAKE ->
          done(sasl.handshake((SaslHandshakeRequestData) request.data(), version, session));
      case SASL_AUTHENTICATE ->
          done(sasl.authenticate((SaslAuthenticateRequestData) request.data(), session));
      case METADATA ->
          done(cluster.metadata((MetadataRequestData) request.data(), version));
      case FIND_COORDINATOR ->
          done(cluster.findCoordinator((FindCoordinatorRequestData) request.data(), version));
      case INIT_PRODUCER_ID ->
          cluster.initProducerId((InitProducerIdRequestData) request.data());
      case PRODUCE -> {
        ProduceRequest produceRequest = (ProduceRequest) request;
        CompletableFuture<? extends ApiMessage> result = produce.handle(produceRequest, clientId);
        yield produceRequest.acks() == 0 ? result.thenApply(ignored -> null) : result;
      }
      case LIST_OFFSETS -> fetch.listOffsets(((ListOffsetsRequest) request).data());
      case FETCH -> fetch.fetch(((FetchRequest) request).data());
      case JOIN_GROUP -> groups.join(((JoinGroupRequest) request).data(), version, clientId);
      case SYNC_GROUP -> groups.sync(((SyncGroupRequest) request).data());
      case HEARTBEAT -> groups.heartbeat(((HeartbeatRequest) request).data());
      case LEAVE_GROUP -> groups.leave(((LeaveGroupRequest) request).data(), version);
      case OFFSET_COMMIT -> offsets.commit(((OffsetCommitRequest) request).data(), groups);
      case OFFSET_FETCH -> offsets.fetch(((OffsetFetchRequest) request).data());
      default ->
          throw new IllegalStateException("no handler for supported API " + header.apiKey());
    };
  }

  private static <T> CompletableFuture<T> done(T response) {
    return CompletableFuture.completedFuture(response);
  }

  private static ApiVersionsResponseData apiVersions() {
    return new ApiVersionsResponseData().setApiKeys(SupportedApis.all());
  }

  private static ByteBuffer encode(ResponseHeader header, ApiMessage data, short version) {
    return RequestUtils.serialize(header.data(), header.headerVersion(), data, version);
  }

  /** Thrown for a frame that cannot be decoded; the connection is closed. */
  static final class MalformedRequestException extends RuntimeException {

    MalformedRequestException(String message) {
      super(message);
    }
  }
}
