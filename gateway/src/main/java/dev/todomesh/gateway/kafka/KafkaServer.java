package dev.todomesh.gateway.kafka;

import dev.todomesh.embedded.PortInUseException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The Kafka protocol listener: a Netty server that splits the byte stream into length-prefixed
 * frames and hands each connection's frames to a {@link KafkaConnection}.
 */
public final class KafkaServer implements SmartLifecycle {

  /** Lifecycle phase: starts with the web server, after the pump and worker, stops first. */
  public static final int PHASE = Integer.MAX_VALUE - 1024;

  /** Maximum wait, when stopping, for the socket to close and again for the I/O threads. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(KafkaServer.class);

  private final String host;
  private final int port;
  private final long maxRequestSize;
  private final IntFunction<RequestDispatcher> dispatcherForPort;
  private final Runnable onStop;
  private EventLoopGroup workers;
  private Channel serverChannel;
  private volatile int boundPort = -1;

  KafkaServer(
      String host,
      int port,
      long maxRequestSize,
      IntFunction<RequestDispatcher> dispatcherForPort,
      Runnable onStop) {
    this.host = host;
    this.port = port;
    this.maxRequestSize = maxRequestSize;
    this.dispatcherForPort = dispatcherForPort;
    this.onStop = onStop;
  }

  @Override
  public synchronized void start() {
    workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    DispatcherHolder holder = new DispatcherHolder();
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(workers)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    if (holder.dispatcher == null) {
                      channel.close();
                      return;
                    }
                    channel
                        .pipeline()
                        .addLast(
                            new LengthFieldBasedFrameDecoder(
                                (int) Math.min(Integer.MAX_VALUE, maxRequestSize + 4),
                                0,
                                4,
                                0,
                                4,
                                true),
                            new LengthFieldPrepender(4),
                            new KafkaConnection(holder.dispatcher, maxRequestSize));
                  }
                });
    try {
      serverChannel = bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
    } catch (Exception e) {
      workers.shutdownGracefully(0, 5, TimeUnit.SECONDS);
      if (e instanceof BindException) {
        throw new PortInUseException("Kafka listener", port, "todo-mesh.kafka.port");
      }
      throw new IllegalStateException("Kafka listener cannot start on " + host + ":" + port, e);
    }
    boundPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    holder.dispatcher = dispatcherForPort.apply(boundPort);
    log.info("Kafka listener started: host={} port={}", host, boundPort);
  }

  /** Returns the port the listener is bound to, or -1 before it starts. */
  public int port() {
    return boundPort;
  }

  @Override
  public synchronized void stop() {
    if (serverChannel == null) {
      return;
    }
    // Bounded waits: a stop that cannot finish, for example because the jar was replaced under
    // the running process and a class no longer loads, must not keep the process from exiting.
    if (!serverChannel.close().awaitUninterruptibly(STOP_TIMEOUT.toMillis())) {
      log.warn("Kafka listener socket did not close in time: port={}", boundPort);
    }
    if (!workers
        .shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(STOP_TIMEOUT.toMillis())) {
      log.warn("Kafka listener threads did not stop in time, leaving them: port={}", boundPort);
    }
    serverChannel = null;
    onStop.run();
    log.info("Kafka listener stopped: port={}", boundPort);
  }

  @Override
  public boolean isRunning() {
    return serverChannel != null;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** Lets the channel initializer see the dispatcher, which needs the bound port first. */
  private static final class DispatcherHolder {
    volatile RequestDispatcher dispatcher;
  }
}
