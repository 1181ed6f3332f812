import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * A floor, not a balancer: the least a reverse proxy on Netty's io_uring transport can do for the
 * harness's requests, to tell what Netty and the JVM cost here apart from what Meridian's HTTP work
 * costs. One event loop; the request's bytes go as they came (less a "Connection: close" line) to
 * the next of the harness's three backends, round robin over pooled keep-alive connections; the
 * response's bytes come back as they came, its end found by Content-Length; the client's
 * connection closes after the response if the request asked. No validation, no limits, no
 * headers added: it is only correct for the harness's small GETs. With {@code codecs}, the same
 * with Netty's HTTP/1 codecs on both sides (HttpServerCodec, HttpClientCodec; the decoded
 * messages passed on as they are, less the request's Connection header): what the codecs alone
 * cost. Run by bench/l7/turns.sh.
 *
 *   java -cp CLASSPATH bench/l7/FloorProxy.java PORT [codecs]
 */
public final class FloorProxy {

  private static final ByteBuf CLOSE = ascii("Connection: close\r\n");
  private static final ByteBuf CONTENT_LENGTH = ascii("\r\nContent-Length: ");

  private static ByteBuf ascii(String text) {
    return Unpooled.unreleasableBuffer(
        Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.US_ASCII)));
  }

  public static void main(String[] args) throws InterruptedException {
    int port = Integer.parseInt(args[0]);
    boolean codecs = args.length > 1 && args[1].equals("codecs");
    MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, IoUringIoHandler.newFactory());
    Targets targets = new Targets((EventLoop) group.next(), codecs, 18001, 18002, 18003);
    new ServerBootstrap()
        .group(group)
        .channel(IoUringServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .childHandler(pipeline(codecs ? HttpServerCodec::new : null, () -> new Client(targets)))
        .bind("127.0.0.1", port)
        .sync();
    System.out.println("floor proxy on 127.0.0.1:" + port + (codecs ? " with Netty's HTTP codecs" : ""));
  }

  /** A new channel's pipeline: the codec if there is one, then the proxy's handler. */
  private static ChannelInitializer<Channel> pipeline(
      Supplier<ChannelHandler> codec, Supplier<ChannelHandler> handler) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel channel) {
        if (codec != null) {
          channel.pipeline().addLast(codec.get());
        }
        channel.pipeline().addLast(handler.get());
      }
    };
  }

  /** Idle keep-alive connections per backend, and the round robin over the backends. */
  private static final class Targets {
    final EventLoop loop;
    final boolean codecs;
    final InetSocketAddress[] addresses;
    final ArrayDeque<Target>[] idle;
    int next;

    @SuppressWarnings("unchecked")
    Targets(EventLoop loop, boolean codecs, int... ports) {
      this.loop = loop;
      this.codecs = codecs;
      addresses = new InetSocketAddress[ports.length];
      idle = new ArrayDeque[ports.length];
      for (int i = 0; i < ports.length; i++) {
        addresses[i] = new InetSocketAddress("127.0.0.1", ports[i]);
        idle[i] = new ArrayDeque<>();
      }
    }

    void send(Client client, Object... request) {
      int i = next;
      next = (next + 1) % addresses.length;
      Target target = idle[i].pollLast();
      if (target != null) {
        target.send(client, request);
        return;
      }
      Target fresh = new Target(this, i);
      new Bootstrap()
          .group(loop)
          .channel(IoUringSocketChannel.class)
          .handler(pipeline(codecs ? HttpClientCodec::new : null, () -> fresh))
          .connect(addresses[i])
          .addListener(
              (ChannelFutureListener)
                  f -> {
                    if (f.isSuccess()) {
                      fresh.channel = f.channel();
                      fresh.send(client, request);
                    } else {
                      for (Object message : request) {
                        ReferenceCountUtil.release(message);
                      }
                      client.channel.close();
                    }
                  });
    }
  }

  /** A client connection: one request at a time. */
  private static final class Client extends ChannelInboundHandlerAdapter {
    final Targets targets;
    Channel channel;
    boolean closeAfter;
    HttpRequest head; // codecs: the request, until its last content arrives

    Client(Targets targets) {
      this.targets = targets;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest request) {
        closeAfter = !HttpUtil.isKeepAlive(request);
        request.headers().remove(HttpHeaderNames.CONNECTION);
        head = request;
        return;
      }
      if (msg instanceof LastHttpContent last) {
        targets.send(this, head, last);
        return;
      }
      if (!(msg instanceof ByteBuf request)) {
        ReferenceCountUtil.release(msg); // the harness's GETs have no body
        return;
      }
      int close = ByteBufUtil.indexOf(CLOSE, request);
      closeAfter = close >= 0;
      if (closeAfter) { // drop the line, so the backend keeps its connection
        ByteBuf kept = ctx.alloc().buffer(request.readableBytes() - CLOSE.readableBytes());
        kept.writeBytes(request, request.readerIndex(), close - request.readerIndex());
        kept.writeBytes(request, close + CLOSE.readableBytes(), request.writerIndex() - close - CLOSE.readableBytes());
        request.release();
        request = kept;
      }
      targets.send(this, request);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close(); // a client that reset its connection
    }

    void responded() {
      if (closeAfter) {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      } else {
        channel.flush();
      }
    }
  }

  /** A keep-alive connection to a backend; forwards one response at a time to its client. */
  private static final class Target extends ChannelInboundHandlerAdapter {
    final Targets targets;
    final int backend;
    Channel channel;
    Client client;
    long remaining = -1; // body bytes still to come; -1: the headers have not arrived

    Target(Targets targets, int backend) {
      this.targets = targets;
      this.backend = backend;
    }

    void send(Client client, Object... request) {
      this.client = client;
      remaining = -1;
      for (Object message : request) {
        channel.write(message, channel.voidPromise());
      }
      channel.flush();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof ByteBuf response)) {
        decoded(msg);
        return;
      }
      if (remaining < 0) {
        int length = ByteBufUtil.indexOf(CONTENT_LENGTH, response);
        long value = 0;
        int at = length + CONTENT_LENGTH.readableBytes();
        for (byte b; (b = response.getByte(at)) >= '0' && b <= '9'; at++) {
          value = value * 10 + (b - '0');
        }
        int headersEnd = indexOfBlankLine(response, at);
        remaining = value - (response.writerIndex() - headersEnd);
        if (client.closeAfter) { // tell the client, as the peers do
          int blank = headersEnd - 2 - response.readerIndex();
          client.channel.write(response.retainedSlice(response.readerIndex(), blank), client.channel.voidPromise());
          client.channel.write(CLOSE.duplicate(), client.channel.voidPromise());
          response.skipBytes(blank);
        }
      } else {
        remaining -= response.readableBytes();
      }
      client.channel.write(response, client.channel.voidPromise());
      if (remaining == 0) {
        done();
      }
    }

    /** codecs: a response head or content, passed on; its last content ends it. */
    private void decoded(Object msg) {
      if (msg instanceof HttpResponse response && client.closeAfter) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      }
      client.channel.write(msg, client.channel.voidPromise());
      if (msg instanceof LastHttpContent) {
        done();
      }
    }

    private void done() {
      Client done = client;
      client = null;
      targets.idle[backend].addLast(this);
      done.responded();
    }

    private static int indexOfBlankLine(ByteBuf buf, int from) {
      for (int i = from; i + 3 < buf.writerIndex(); i++) {
        if (buf.getInt(i) == 0x0d0a0d0a) {
          return i + 4;
        }
      }
      throw new IllegalStateException("headers span reads; the floor proxy does not handle that");
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      targets.idle[backend].remove(this);
      if (client != null) {
        client.channel.close();
      }
    }
  }
}
