package dev.todomesh.gateway.kafka;

import dev.todomesh.gateway.kafka.RequestDispatcher.MalformedRequestException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: handles its request frames one at a time, so responses go out in
 * request order as the Kafka protocol requires.
 *
 * <p>A frame that cannot be decoded closes the connection with a log line; other connections
 * are not affected. While {@value #MAX_QUEUED} frames wait, the connection stops reading, which
 * slows down a client that sends requests faster than they are handled.
 */
final class KafkaConnection extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(KafkaConnection.class);
  private static final int MAX_QUEUED = 16;

  private final RequestDispatcher dispatcher;
  private final long maxRequestSize;
  private final Queue<ByteBuffer> queued = new ArrayDeque<>();
  private ConnectionState session;
  private boolean busy;

  KafkaConnection(RequestDispatcher dispatcher, long maxRequestSize) {
    this.dispatcher = dispatcher;
    this.maxRequestSize = maxRequestSize;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    session = new ConnectionState(ctx.channel().remoteAddress());
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    ByteBuf frame = (ByteBuf) message;
    try {
      // Copied because produced records are read after this buffer goes back to Netty's pool.
      queued.add(ByteBuffer.wrap(ByteBufUtil.getBytes(frame)));
    } finally {
      frame.release();
    }
    if (queued.size() >= MAX_QUEUED) {
      ctx.channel().config().setAutoRead(false);
    }
    handleNext(ctx);
  }

  private void handleNext(ChannelHandlerContext ctx) {
    if (busy || queued.isEmpty() || !ctx.channel().isActive()) {
      return;
    }
    ByteBuffer frame = queued.poll();
    CompletableFuture<ByteBuffer> response;
    try {
      response = dispatcher.dispatch(frame, session);
    } catch (MalformedRequestException e) {
      close(ctx, e.getMessage());
      return;
    } catch (RuntimeException e) {
      log.warn("Kafka request failed: remote={}", ctx.channel().remoteAddress(), e);
      close(ctx, "request failed: " + e);
      return;
    }
    busy = true;
    response.whenComplete(
        (encoded, error) -> ctx.executor().execute(() -> respond(ctx, encoded, error)));
  }

  private void respond(ChannelHandlerContext ctx, ByteBuffer encoded, Throwable error) {
    busy = false;
    if (error != null) {
      log.warn("Kafka request failed: remote={}", ctx.channel().remoteAddress(), error);
      close(ctx, "request failed: " + error);
      return;
    }
    if (session.closeAfterResponse) {
      queued.clear();
      ctx.writeAndFlush(Unpooled.wrappedBuffer(encoded)).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (encoded != null) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(encoded));
    }
    if (queued.size() < MAX_QUEUED && !ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
    handleNext(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      close(
          ctx,
          "request frame exceeds todo-mesh.kafka.max-request-size (" + maxRequestSize + " bytes)");
    } else if (cause instanceof CorruptedFrameException) {
      close(ctx, "invalid frame length: " + cause.getMessage());
    } else {
      log.debug("Kafka connection error: remote={}", ctx.channel().remoteAddress(), cause);
      close(ctx, cause.toString());
    }
  }

  private static void close(ChannelHandlerContext ctx, String reason) {
    if (ctx.channel().isOpen()) {
      log.warn(
          "Closing Kafka connection: remote={} reason={}", ctx.channel().remoteAddress(), reason);
      ctx.close();
    }
  }
}
