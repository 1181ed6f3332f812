package io.meridian.balancer;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.uring.IoUringBufferRingConfig;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringFixedBufferRingAllocator;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.vertx.core.impl.transports.IoUringTransport;
import io.vertx.core.transport.Transport;

/**
 * Vert.x's io_uring transport with a ring of provided receive buffers on each event loop, which
 * the data plane's sockets read from: one multishot receive per socket stays armed and the kernel
 * fills whichever buffer of the ring is free, instead of a receive submitted (with a buffer
 * allocated for it) after every read. Counted with the kernel's io_uring tracepoints (perf,
 * bench/RESULTS.md): a keep-alive request costs 2 submissions and 4 completions instead of 4
 * and 6; a new connection per request 7 and 10 instead of 9 and 12. An idle connection holds no
 * buffer. Reads take at most {@link #BUFFER_BYTES} at a time.
 */
final class BufferRingTransport implements Transport {

  /** The buffer group of the ring; the only one. */
  static final short GROUP = 1;

  static final int BUFFER_BYTES = 4096;
  private static final short RING_BUFFERS = 512;
  private static final int REFILL_BATCH = 64;

  private static final class Implementation extends IoUringTransport {
    @Override
    public IoHandlerFactory ioHandlerFactory() {
      IoUringBufferRingConfig ring =
          IoUringBufferRingConfig.builder()
              .bufferGroupId(GROUP)
              .bufferRingSize(RING_BUFFERS)
              .batchSize(REFILL_BATCH)
              .allocator(new IoUringFixedBufferRingAllocator(ByteBufAllocator.DEFAULT, BUFFER_BYTES))
              .build();
      return IoUringIoHandler.newFactory(new IoUringIoHandlerConfig().setBufferRingConfig(ring));
    }

    /** Connections to targets read from the ring (accepted ones: {@link #readFromRing}). */
    @Override
    public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
      ChannelFactory<? extends Channel> plain = super.channelFactory(domainSocket);
      return () -> {
        Channel channel = plain.newChannel();
        channel.config().setOption(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, GROUP);
        return channel;
      };
    }
  }

  private final Implementation implementation = new Implementation();

  @Override
  public String name() {
    return "io_uring";
  }

  @Override
  public boolean available() {
    return Transport.IO_URING.available();
  }

  @Override
  public Throwable unavailabilityCause() {
    return Transport.IO_URING.unavailabilityCause();
  }

  @Override
  public io.vertx.core.spi.transport.Transport implementation() {
    return implementation;
  }

  /** Whether sockets of {@code transport} (a Vert.x's) can read from the ring. */
  static boolean hasRing(io.vertx.core.spi.transport.Transport transport) {
    return transport instanceof Implementation;
  }
}
