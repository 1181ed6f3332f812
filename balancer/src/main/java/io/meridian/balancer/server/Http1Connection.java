package io.meridian.balancer.server;

import io.meridian.balancer.metrics.BalancerMetrics;
import io.meridian.balancer.proxy.Downstream;
import io.meridian.balancer.proxy.Relay;
import io.meridian.balancer.proxy.RequestBody;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * One client connection of a Netty HTTP/1 listener: the same front door as {@link RequestHandler}
 * (the refuse switch 503, ambiguous length 400, declared body too large 413, rate limit 429, then
 * the first matching rule, 404 when none), one request at a time. Requests pipelined behind the
 * one in progress wait, unread, until its response has ended. The connection owns the HTTP/1
 * framing of the answer (keep-alive or close, chunked when the length is unknown, {@code HEAD});
 * a forwarded request's response comes from the group's {@link
 * io.meridian.balancer.proxy.NettyForward} through {@link Downstream}. When a response ends it is
 * recorded (metrics, load window, access log).
 */
final class Http1Connection extends ChannelInboundHandlerAdapter implements Downstream {

  private final Http1Listener listener;
  private final ClientConnections<Channel> connections;
  private final Http1Decoder decoder;
  private final Http1Encoder encoder;
  private Channel channel;
  private String client;
  private ClientConnections.State state;

  /** Messages that arrived behind the request in progress (pipelining); null when none. */
  private ArrayDeque<Object> queued;
  private boolean draining;

  // the request in progress
  private boolean busy;
  private HttpRequest request;
  private RequestBody body;
  private long startNanos;
  private String group;
  private String logLabel;
  private int status;
  private long bytes;
  private boolean closeAfter;
  private boolean interim;
  /** Read before forwarding rewrites the request's headers and version in place. */
  private boolean keepAlive;
  private HttpVersion version;

  Http1Connection(
      Http1Listener listener,
      ClientConnections<Channel> connections,
      Http1Decoder decoder,
      Http1Encoder encoder) {
    this.listener = listener;
    this.connections = connections;
    this.decoder = decoder;
    this.encoder = encoder;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    client = ((InetSocketAddress) channel.remoteAddress()).getAddress().getHostAddress();
    state = connections.opened(channel);
    channel.closeFuture().addListener(f -> connections.closed(channel));
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (queued != null) {
      queued.add(msg);
      return;
    }
    if (busy && msg instanceof HttpRequest) {
      queued = new ArrayDeque<>();
      queued.add(msg);
      channel.config().setAutoRead(false);
      return;
    }
    handle(msg);
  }

  private void handle(Object msg) {
    if (msg instanceof HttpRequest next) {
      begin(next);
    } else if (msg instanceof HttpContent part) {
      state.active(listener.nanoTime.getAsLong());
      if (body != null) {
        body.content(part);
      } else {
        part.release();
      }
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void begin(HttpRequest next) {
    long now = listener.nanoTime.getAsLong();
    busy = true;
    request = next;
    startNanos = now;
    group = BalancerMetrics.NO_GROUP;
    logLabel = null;
    status = 0;
    bytes = 0;
    closeAfter = false;
    interim = false;
    keepAlive = HttpUtil.isKeepAlive(next);
    version = next.protocolVersion();
    state.headersComplete();
    state.active(now);
    encoder.answering(next.method() == HttpMethod.HEAD);
    if (next.decoderResult().isFailure()) {
      ReferenceCountUtil.release(next);
      refuseMalformed(next.decoderResult().cause());
      return;
    }
    if (state.refused()) {
      channel.close();
      return;
    }
    Routing current = listener.routing.get();
    Optional<Action> action = current.routes().match(new Http1RequestView(next));
    if (current.config().accessLog()) {
      logLabel = action.map(Action::label).orElse("-");
    }
    dispatch(next, current, action);
  }

  private void dispatch(HttpRequest next, Routing current, Optional<Action> action) {
    HttpHeaders headers = next.headers();
    if (listener.refusing.getAsBoolean()) {
      listener.metrics.refused();
      state.refuse();
      FullHttpResponse response = empty(HttpResponseStatus.SERVICE_UNAVAILABLE);
      response.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
      respond(response);
      return;
    }
    if (headers.contains(AmbiguousLengthDecoder.MARK)) {
      reject(HttpResponseStatus.BAD_REQUEST, "both Transfer-Encoding and Content-Length\n");
      return;
    }
    String encoding = headers.get(HttpHeaderNames.TRANSFER_ENCODING);
    if (encoding != null && !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(encoding)) {
      reject(HttpResponseStatus.BAD_REQUEST, "Transfer-Encoding other than chunked\n");
      return;
    }
    if (HttpUtil.getContentLength(next, -1L) > listener.limits.maxBodySize()) {
      reject(
          HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
          "request body larger than " + listener.limits.maxBodySize() + " bytes\n");
      return;
    }
    if (current.rateLimiter().enabled() && !current.rateLimiter().allow(client)) {
      listener.metrics.rateLimited();
      FullHttpResponse response = empty(HttpResponseStatus.TOO_MANY_REQUESTS);
      response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
      respond(response);
      return;
    }
    if (action.isEmpty()) {
      respond(empty(HttpResponseStatus.NOT_FOUND));
      return;
    }
    Action chosen = action.get().resolve();
    group = chosen.group();
    if (chosen instanceof Action.Forward forward) {
      body = forward.proxy().http1().forward(this, next);
    } else if (chosen instanceof Action.Respond answer) {
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(answer.status()),
              Unpooled.wrappedBuffer(answer.body().getBytes()));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
      respond(response);
    } else if (chosen instanceof Action.Redirect redirect) {
      FullHttpResponse response = empty(HttpResponseStatus.valueOf(redirect.status()));
      response.headers().set(HttpHeaderNames.LOCATION, redirect.location());
      respond(response);
    }
  }

  /** Netty could not decode the request: 431 for headers, 414 for the line, else 400. */
  private void refuseMalformed(Throwable cause) {
    if (cause instanceof TooLongHttpHeaderException) {
      reject(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "");
    } else if (cause instanceof TooLongHttpLineException) {
      reject(HttpResponseStatus.REQUEST_URI_TOO_LONG, "");
    } else if (cause instanceof TooLongFrameException) {
      reject(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "");
    } else {
      reject(HttpResponseStatus.BAD_REQUEST, "");
    }
  }

  /**
   * Refuses a request whose body will not be read: the answer says {@code Connection: close}, the
   * connection is closed once it is written, and nothing pipelined behind it is served.
   */
  private void reject(HttpResponseStatus rejected, String reason) {
    state.refuse();
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            rejected,
            Unpooled.copiedBuffer(reason, StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
    respond(response);
  }

  private static FullHttpResponse empty(HttpResponseStatus status) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderValues.ZERO);
    return response;
  }

  // ---- Downstream: the response -------------------------------------------------------------

  @Override
  public Channel channel() {
    return channel;
  }

  @Override
  public String clientAddress() {
    return client;
  }

  @Override
  public String scheme() {
    return "http";
  }

  @Override
  public void respond(HttpObject part) {
    if (part instanceof HttpResponse head) {
      int code = head.status().code();
      if (code < 200 && code != 101) {
        interim = true; // 100 Continue: passed on, the real response follows
      } else {
        status = code;
        frame(head);
      }
    }
    if (interim) {
      if (part instanceof LastHttpContent) {
        interim = false;
      }
      channel.writeAndFlush(part, channel.voidPromise());
      return;
    }
    if (part instanceof HttpContent content) {
      bytes += content.content().readableBytes();
    }
    if (!(part instanceof LastHttpContent)) {
      channel.write(part, channel.voidPromise());
      return;
    }
    if (closeAfter) {
      channel.writeAndFlush(part).addListener(ChannelFutureListener.CLOSE);
    } else {
      channel.writeAndFlush(part, channel.voidPromise());
    }
    ended();
  }

  /** Keep-alive or close, and a length or chunks, for the response to the request in progress. */
  private void frame(HttpResponse head) {
    HttpHeaders headers = head.headers();
    if (status == 101) {
      return;
    }
    if (!keepAlive
        || state.refused()
        || headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true)) {
      closeAfter = true;
    }
    if (head instanceof FullHttpResponse full) {
      if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
        HttpUtil.setContentLength(head, full.content().readableBytes());
      }
    } else if (!HttpUtil.isContentLengthSet(head)
        && request.method() != HttpMethod.HEAD
        && status != 204
        && status != 304) {
      if (version == HttpVersion.HTTP_1_0) {
        closeAfter = true; // no chunks in HTTP/1.0: the close ends the body
      } else {
        HttpUtil.setTransferEncodingChunked(head, true);
      }
    }
    if (closeAfter) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (version == HttpVersion.HTTP_1_0) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
  }

  /** The response has been written: record it, then serve what waited behind it. */
  private void ended() {
    long end = listener.nanoTime.getAsLong();
    long nanos = end - startNanos;
    listener.metrics.responded(group, status, nanos);
    listener.load.record(status, nanos, end);
    if (logLabel != null) {
      listener.accessLog.record(
          client,
          request.method().name(),
          request.uri(),
          version.text(),
          status,
          bytes,
          request.headers().get("x-request-id"),
          logLabel,
          startNanos,
          end);
    }
    state.responseEnded();
    state.active(end);
    body = null;
    request = null;
    busy = false;
    if (closeAfter) {
      dropQueued();
      return;
    }
    serveQueued();
  }

  private void serveQueued() {
    if (queued == null || draining) {
      return;
    }
    draining = true;
    Object next;
    while (!busy && (next = queued.poll()) != null) {
      handle(next);
    }
    draining = false;
    if (queued.isEmpty() && !busy) {
      queued = null;
      channel.config().setAutoRead(true);
    }
  }

  private void dropQueued() {
    if (queued != null) {
      queued.forEach(ReferenceCountUtil::release);
      queued = null;
    }
  }

  @Override
  public void abort() {
    channel.close();
  }

  @Override
  public void tunnel(Channel upstream) {
    state.tunnel();
    body = null;
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast(new Relay(upstream));
    pipeline.remove(this);
    pipeline.remove(encoder);
    pipeline.remove(decoder); // bytes it still holds reach the relay
    channel.config().setAutoRead(true);
  }

  // ---- the channel's own events -------------------------------------------------------------

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (body != null) {
      body.clientWritable(channel.isWritable());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    dropQueued();
    if (body != null) {
      RequestBody abandoned = body;
      body = null;
      abandoned.clientClosed();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
