package dev.todomesh.gateway.history;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;

/**
 * Answers the SDK's {@code GetSystemInfo} request inside the process, so that a worker can
 * replay histories with no Temporal server. Every other request goes to the channel as usual.
 *
 * <p>Replay asks for the server's capabilities once before it builds a workflow's state. The
 * answer claims the capabilities of a current Temporal server (SDK metadata, memo upserts,
 * encoded failure attributes, signal and query headers), because recorded histories carry the
 * SDK flags that such a server accepted.
 */
final class OfflineSystemInfo implements ClientInterceptor {

  private static final GetSystemInfoResponse RESPONSE =
      GetSystemInfoResponse.newBuilder()
          .setCapabilities(
              GetSystemInfoResponse.Capabilities.newBuilder()
                  .setSignalAndQueryHeader(true)
                  .setInternalErrorDifferentiation(true)
                  .setActivityFailureIncludeHeartbeat(true)
                  .setEncodedFailureAttributes(true)
                  .setUpsertMemo(true)
                  .setSdkMetadata(true))
          .build();

  @Override
  public <RequestT, ResponseT> ClientCall<RequestT, ResponseT> interceptCall(
      MethodDescriptor<RequestT, ResponseT> method, CallOptions options, Channel next) {
    String systemInfo = WorkflowServiceGrpc.getGetSystemInfoMethod().getFullMethodName();
    if (!method.getFullMethodName().equals(systemInfo)) {
      return next.newCall(method, options);
    }
    // Safe: the method descriptor is GetSystemInfo's, whose response type this is.
    @SuppressWarnings("unchecked")
    ResponseT response = (ResponseT) RESPONSE;
    return new AnsweredCall<>(response);
  }

  /** A unary call that completes with a fixed response when the request is sent. */
  private static final class AnsweredCall<RequestT, ResponseT>
      extends ClientCall<RequestT, ResponseT> {

    private final ResponseT response;
    private Listener<ResponseT> listener;

    AnsweredCall(ResponseT response) {
      this.response = response;
    }

    @Override
    public void start(Listener<ResponseT> listener, Metadata headers) {
      this.listener = listener;
    }

    @Override
    public void request(int count) {}

    @Override
    public void cancel(String message, Throwable cause) {}

    @Override
    public void sendMessage(RequestT message) {}

    @Override
    public void halfClose() {
      listener.onHeaders(new Metadata());
      listener.onMessage(response);
      listener.onClose(Status.OK, new Metadata());
    }
  }
}
