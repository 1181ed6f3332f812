package io.meridian.balancer.server;

import io.meridian.balancer.http1.MalformedHttpException;
import io.meridian.balancer.http1.RequestDecoder;
import io.meridian.balancer.http1.ResponseEncoder;
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
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
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
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * One client channel of a {@link FrontListener}: an HTTP/1 connection, or one HTTP/2 stream seen
 * as HTTP/1 messages ({@code Http2StreamFrameToHttpObjectCodec}). The front door, in a fixed order
 * of cheap checks before any routing: the refuse switch (503), ambiguous length (400), a {@code
 * Transfer-Encoding} other than {@code chunked} (400), declared body too large (413), rate limit
 * (429), then the first matching rule (404 when none). The {@link Routing} is read once per
 * request, so a reload never changes the rules under a request that has started.
 *
 * <p>One request at a time: requests pipelined behind the one in progress wait, unread, until its
 * response has ended. The channel owns the framing of the answer (HTTP/1: keep-alive or close,
 * chunked when the length is unknown, {@code HEAD}; HTTP/2: the codec's); a forwarded request's
 * response comes from the group's {@link io.meridian.balancer.proxy.Forwarder} through {@link
 * Downstream}. After a refusal nothing pipelined behind it is served; the refuse switch closes the
 * connection (HTTP/2: the whole connection, with a GOAWAY). When a response ends it is recorded
 * (metrics, load window, access log).
 */
final class ClientChannel extends ChannelInboundHandlerAdapter implements Downstream {

  private final FrontListener listener;
  private final ClientConnections.State state;
  private final String scheme;
  /** The HTTP/1 codec's halves; null on an HTTP/2 stream. */
  private final RequestDecoder decoder;
  private final ResponseEncoder encoder;
  private final boolean stream;
  private Channel channel;
  private String client;

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
  /** The refuse switch answered: the whole connection ends (HTTP/2 too). */
  private boolean endConnection;
  private boolean interim;
  /** Read before forwarding rewrites the request's headers and version in place. */
  private boolean keepAlive;
  private HttpVersion version;

  private ClientChannel(
      FrontListener listener,
      ClientConnections.State state,
      String scheme,
      RequestDecoder decoder,
      ResponseEncoder encoder) {
    this.listener = listener;
    this.state = state;
    this.scheme = scheme;
    this.decoder = decoder;
    this.encoder = encoder;
    this.stream = decoder == null;
  }

  /** An HTTP/1 connection after {@code decoder} and {@code encoder} in its pipeline. */
  static ClientChannel http1(
      FrontListener listener,
      ClientConnections.State state,
      String scheme,
      RequestDecoder decoder,
      ResponseEncoder encoder) {
    return new ClientChannel(listener, state, scheme, decoder, encoder);
  }

  /** One HTTP/2 stream of the connection whose state is {@code state}. */
  static ClientChannel http2Stream(FrontListener listener, ClientConnections.State state) {
    return new ClientChannel(listener, state, "https", null, null);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel(); // added after the TLS handshake too, when the channel is long active
    client = ((InetSocketAddress) channel.remoteAddress()).getAddress().getHostAddress();
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
    if (msg instanceof FullHttpRequest whole && whole.decoderResult().isSuccess()) {
      // an HTTP/2 request that ended with its headers: a head and its (empty) end, as HTTP/1's
      begin(new DefaultHttpRequest(whole.protocolVersion(), whole.method(), whole.uri(), whole.headers()));
      handle(new DefaultLastHttpContent(whole.content(), whole.trailingHeaders()));
      return;
    }
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
    endConnection = false;
    interim = false;
    keepAlive = HttpUtil.isKeepAlive(next);
    version = next.protocolVersion();
    state.headersComplete();
    state.active(now);
    if (stream) {
      next.headers()
          .remove(ExtensionHeaderNames.STREAM_ID.text())
          .remove(ExtensionHeaderNames.SCHEME.text());
    } else {
      encoder.answering(next.method() == HttpMethod.HEAD);
    }
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
      endConnection = true;
      refuseConnection();
      FullHttpResponse response = empty(HttpResponseStatus.SERVICE_UNAVAILABLE);
      response.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
      respond(response);
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
      body = forward.proxy().forwarder().forward(this, next);
    } else if (chosen instanceof Action.Respond answer) {
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(answer.status()),
              answer.body().duplicate());
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
      respond(response);
    } else if (chosen instanceof Action.Redirect redirect) {
      FullHttpResponse response = empty(HttpResponseStatus.valueOf(redirect.status()));
      response.headers().set(HttpHeaderNames.LOCATION, redirect.location());
      respond(response);
    }
  }

  /**
   * The request could not be read: 431 for headers, 414 for the line, else 400 (with the reason
   * when the HTTP/1 decoder gave one: a framing or syntax rule).
   */
  private void refuseMalformed(Throwable cause) {
    if (cause instanceof MalformedHttpException malformed) {
      reject(HttpResponseStatus.BAD_REQUEST, malformed.getMessage() + "\n");
    } else if (cause instanceof TooLongHttpHeaderException) {
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
    refuseConnection();
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            rejected,
            Unpooled.copiedBuffer(reason, StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
    respond(response);
  }

  /** Nothing more is served on this HTTP/1 connection; an HTTP/2 stream only ends itself. */
  private void refuseConnection() {
    if (!stream) {
      state.refuse();
    }
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
    return scheme;
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
      // HTTP/2: only the refuse switch ends the connection (GOAWAY); other streams go on
      Channel closing = stream ? channel.parent() : channel;
      channel.writeAndFlush(part).addListener(f -> closing.close());
    } else {
      channel.writeAndFlush(part, channel.voidPromise());
    }
    ended();
  }

  /** Keep-alive or close, and a length or chunks, for the response to the request in progress. */
  private void frame(HttpResponse head) {
    HttpHeaders headers = head.headers();
    if (head instanceof FullHttpResponse full && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      HttpUtil.setContentLength(head, full.content().readableBytes());
    }
    if (stream) {
      closeAfter = endConnection;
      return; // the HTTP/2 codec frames the stream; no connection headers there
    }
    if (status == 101) {
      return;
    }
    if (!keepAlive
        || state.refused()
        || headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true)) {
      closeAfter = true;
    }
    if (!(head instanceof FullHttpResponse)
        && !HttpUtil.isContentLengthSet(head)
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
    if (!stream) {
      state.responseEnded(); // HTTP/2: streams come and go; the idle deadline watches the connection
    }
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
    if (draining) {
      return;
    }
    if (queued == null) {
      resumeReading(); // the exchange may have paused it for back-pressure
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
      resumeReading();
    }
  }

  private void resumeReading() {
    if (!channel.config().isAutoRead()) {
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
