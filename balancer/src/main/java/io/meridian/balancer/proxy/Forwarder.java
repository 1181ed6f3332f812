package io.meridian.balancer.proxy;

import static java.util.Objects.requireNonNull;

import io.meridian.balancer.config.GroupConfig;
import io.meridian.balancer.config.GroupConfig.RetryOn;
import io.meridian.balancer.http1.TargetCodec;
import io.meridian.balancer.limit.RetryBudget;
import io.meridian.balancer.outlier.Outcome;
import io.meridian.balancer.select.Lease;
import io.meridian.balancer.select.TargetGroup;
import io.meridian.balancer.select.TargetState;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A group's forwarding, over Netty's HTTP/1 codecs and the group's {@link TargetPool}s: pick and
 * lease a target, add the forwarded headers and the request id, send the head and stream the body,
 * report the attempt (latency, outlier outcome), retry per {@link RetryPolicy} within the {@link
 * RetryBudget}, add the sticky cookie, pass the response through, and tunnel a WebSocket upgrade
 * once the target agreed (101). Failures become {@link FailureStatus#of} with an empty body.
 *
 * <p>Headers: {@code X-Forwarded-For} gets the client appended; {@code X-Forwarded-Proto} and
 * {@code X-Forwarded-Host} are set to what this hop saw, replacing client values (the balancer is
 * the edge, a client must not claim it came over HTTPS); {@code X-Request-Id} per {@link
 * RequestIds}; hop-by-hop headers are not passed in either direction; a response without {@code
 * Date} gets one.
 *
 * <p>A body of unknown length (chunked; HTTP/2 without {@code Content-Length}) is held to {@code
 * max_body_size}: the part that passes it is not forwarded, the target's connection is closed and
 * the client gets 413 with {@code Connection: close} (or, when the response had started, a closed
 * connection).
 *
 * <p>Everything of one exchange runs on the client connection's event loop, which is also the
 * loop of the target connections it uses: no locks, no hand-offs.
 */
public final class Forwarder {

  private final TargetGroup group;
  private final Map<TargetState, TargetPool> pools = new IdentityHashMap<>();
  private final RetryPolicy policy;
  private final RetryBudget budget;
  private final RequestIds ids;
  private final LongSupplier nanoTime;
  private final Runnable onRetry;
  private final long requestTimeoutNanos;
  private final long maxBodySize;

  Forwarder(
      TargetGroup group,
      ChannelFactory<? extends Channel> channels,
      RetryPolicy policy,
      RetryBudget budget,
      RequestIds ids,
      LongSupplier nanoTime,
      Runnable onRetry,
      long maxBodySize) {
    this.group = requireNonNull(group, "group");
    this.policy = requireNonNull(policy, "policy");
    this.budget = requireNonNull(budget, "budget");
    this.ids = requireNonNull(ids, "ids");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    this.onRetry = requireNonNull(onRetry, "onRetry");
    this.maxBodySize = maxBodySize;
    GroupConfig config = group.config();
    this.requestTimeoutNanos = config.timeouts().request().toNanos();
    for (TargetState target : group.targets()) {
      var address = target.address();
      pools.put(
          target,
          new TargetPool(
              new InetSocketAddress(address.host(), address.port()), // resolved once, here
              channels,
              (int) config.timeouts().connect().toMillis(),
              config.maxConnections(),
              config.maxPending(),
              config.timeouts().idle().toNanos(),
              nanoTime));
    }
  }

  /**
   * Starts forwarding {@code request} (whose headers it rewrites in place); the returned sink
   * takes its body parts as they arrive.
   */
  public RequestBody forward(Downstream downstream, HttpRequest request) {
    budget.deposit();
    Exchange exchange = new Exchange(downstream, request);
    exchange.attempt(null);
    return exchange;
  }

  /** Closes idle target connections now, busy ones when their exchange ends. */
  public void close() {
    pools.values().forEach(TargetPool::close);
  }

  /** One client request, through one or two attempts. */
  private final class Exchange
      implements RequestBody, TargetPool.Waiter, Upstream.Listener, Runnable {
    private final Downstream downstream;
    private final HttpRequest request;
    private final EventLoop loop;
    private final String requestId;
    private final boolean hadBody;
    private final boolean chunked;
    private final boolean upgrade;
    private final boolean retriable;
    /** Body parts that arrived before a connection did; null once sent or when none. */
    private List<HttpContent> waiting;
    private boolean bodyEnded;
    private long bodyBytes;
    private Lease lease;
    private Upstream upstream;
    private HttpResponse head;
    /** The target's response allows reusing its connection. */
    private boolean targetKeepAlive;
    /** A 1xx response (not 101) is passing through; the real one follows. */
    private boolean interim;
    private boolean responding;
    private boolean done;
    private long activityNanos;
    private ScheduledFuture<?> timer;

    Exchange(Downstream downstream, HttpRequest request) {
      this.downstream = downstream;
      this.request = request;
      this.loop = downstream.channel().eventLoop();
      HttpHeaders headers = request.headers();
      this.requestId = ids.keepOrCreate(headers.get(RequestIds.HEADER));
      this.chunked = HttpUtil.isTransferEncodingChunked(request);
      long length = HttpUtil.getContentLength(request, -1L);
      this.hadBody = chunked || length > 0;
      this.upgrade = webSocketUpgrade(headers);
      this.retriable =
          policy.mayRetry(request.method());
      rewriteRequestHeaders(headers, downstream);
    }

    private void rewriteRequestHeaders(HttpHeaders headers, Downstream downstream) {
      stripHopByHop(headers, upgrade);
      if (chunked) {
        headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      }
      if (upgrade) {
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
      }
      String client = downstream.clientAddress();
      String previous = headers.get(FORWARDED_FOR);
      headers.set(
          FORWARDED_FOR,
          previous == null || previous.isBlank() ? client : previous + ", " + client);
      headers.set(FORWARDED_PROTO, downstream.scheme());
      String host = headers.get(HttpHeaderNames.HOST);
      if (host != null) {
        headers.set(FORWARDED_HOST, host);
      } else {
        headers.remove(FORWARDED_HOST);
      }
      headers.set(RequestIds.HEADER, requestId);
      if (request.protocolVersion() == HttpVersion.HTTP_1_0) {
        request.setProtocolVersion(HttpVersion.HTTP_1_1); // keep-alive to the target
      }
    }

    void attempt(TargetState avoid) {
      GroupConfig config = group.config();
      HttpHeaders headers = request.headers();
      lease =
          group.pick(
              PickInputs.stickyCookie(config, headers),
              PickInputs.pickContext(config, headers, downstream.clientAddress()),
              avoid);
      if (headers.get(HttpHeaderNames.HOST) == null) {
        headers.set(HttpHeaderNames.HOST, lease.target().address().toString());
      }
      pools.get(lease.target()).acquire(loop, this);
    }

    // ---- TargetPool.Waiter: a connection, or none -------------------------------------------

    @Override
    public void ready(Upstream connection) {
      if (done) {
        connection.release(true);
        lease.release();
        return;
      }
      lease.connected();
      upstream = connection;
      connection.attach(this);
      Channel channel = connection.channel;
      channel.write(request, channel.voidPromise());
      if (waiting != null) {
        waiting.forEach(part -> channel.write(part, channel.voidPromise()));
        waiting = null;
      } else if (bodyEnded) {
        // a retry after sending (bodiless requests only): the end went to the first target
        channel.write(LastHttpContent.EMPTY_LAST_CONTENT, channel.voidPromise());
      }
      channel.flush();
      activityNanos = nanoTime.getAsLong();
      timer = loop.schedule(this, requestTimeoutNanos, TimeUnit.NANOSECONDS);
      if (!channel.isWritable()) {
        downstream.channel().config().setAutoRead(false);
      }
    }

    @Override
    public void failed(Throwable cause) {
      if (done) {
        lease.release(); // the client went away meanwhile
        return;
      }
      if (upstream == null) {
        // no connection was had: the pool is full, or connecting failed
        if (cause != TargetPool.FULL) {
          group.outliers().report(lease.target(), Outcome.CONNECT_FAILURE);
        }
        lease.release();
        fail(cause);
        return;
      }
      // the connection closed or failed after sending: a reset
      stopTimer();
      upstream = null; // already closed
      brokeOff(cause);
    }

    // ---- Upstream.Listener: the target's response ------------------------------------------

    @Override
    public void read(HttpObject part) {
      activityNanos = nanoTime.getAsLong();
      if (part instanceof HttpResponse response) {
        if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL
            && response.status().code() != 101) {
          interim = true;
          downstream.respond(response); // 100 Continue and friends pass through
          return;
        }
        if (head == null && !responded(response)) {
          return; // retried: this response is drained and dropped
        }
      }
      if (!(part instanceof LastHttpContent last)) {
        if (part instanceof HttpContent && !(part instanceof HttpResponse)) {
          downstream.respond(part);
          if (!downstream.channel().isWritable()) {
            upstream.channel.config().setAutoRead(false);
          }
        }
        return;
      }
      if (interim) {
        interim = false;
        downstream.respond(last);
        return;
      }
      if (head != null && head.status().code() == 101 && upgrade) {
        tunnel(last);
        return;
      }
      Upstream connection = upstream;
      boolean reusable = bodyEnded && targetKeepAlive;
      stopTimer();
      upstream = null;
      finish();
      lease.release();
      connection.release(reusable);
      downstream.respond(last);
    }

    /** The response head: reported, retried or passed on; false when it is retried. */
    private boolean responded(HttpResponse response) {
      int status = response.status().code();
      TargetState target = lease.target();
      target.recordLatency((nanoTime.getAsLong() - lease.startNanos()) / 1e6);
      group.outliers().report(target, status >= 500 ? Outcome.HTTP_5XX : Outcome.SUCCESS);
      if (retriable && status >= 500 && retry(policy.forStatus(status, hadBody), true)) {
        return false;
      }
      head = response;
      responding = true;
      targetKeepAlive = HttpUtil.isKeepAlive(response);
      HttpHeaders headers = response.headers();
      stripHopByHop(headers, status == 101);
      if (status == 101) {
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
      }
      if (!headers.contains(HttpHeaderNames.DATE)) {
        headers.set(HttpHeaderNames.DATE, HttpDate.now());
      }
      headers.set(RequestIds.HEADER, requestId);
      if (lease.setCookie() != null) {
        headers.add(HttpHeaderNames.SET_COOKIE, lease.setCookie());
        if (!headers.contains(HttpHeaderNames.CACHE_CONTROL)) {
          headers.set(HttpHeaderNames.CACHE_CONTROL, "private");
        }
      }
      downstream.respond(response);
      return true;
    }

    /** The target agreed to switch protocols: both connections become one byte tunnel. */
    private void tunnel(LastHttpContent last) {
      stopTimer();
      finish();
      Upstream connection = upstream;
      upstream = null;
      Lease held = lease;
      Channel channel = connection.channel;
      connection.detach();
      channel.closeFuture().addListener(f -> held.release());
      ChannelPipeline pipeline = channel.pipeline();
      pipeline.addLast(new Relay(downstream.channel()));
      pipeline.remove(connection);
      pipeline.remove(TargetCodec.class); // what it still holds reaches the relay
      downstream.respond(last);
      downstream.tunnel(channel);
    }

    @Override
    public void writabilityChanged(boolean writable) {
      downstream.channel().config().setAutoRead(writable);
    }

    @Override
    public void readComplete() {
      downstream.channel().flush();
    }

    // ---- RequestBody: the client's side ----------------------------------------------------

    @Override
    public void content(HttpContent part) {
      if (done && upstream == null) {
        part.release();
        return;
      }
      bodyBytes += part.content().readableBytes();
      if (chunked && bodyBytes > maxBodySize) {
        part.release();
        tooLarge();
        return;
      }
      if (part instanceof LastHttpContent) {
        bodyEnded = true;
      }
      if (upstream == null) {
        if (waiting == null) {
          waiting = new ArrayList<>(2);
        }
        waiting.add(part);
        return;
      }
      Channel channel = upstream.channel;
      channel.write(part, channel.voidPromise());
      if (bodyEnded) {
        channel.flush();
      }
      if (!channel.isWritable()) {
        channel.flush();
        if (!channel.isWritable()) {
          // still full after the flush: its writability event resumes the client
          downstream.channel().config().setAutoRead(false);
        }
      }
    }

    @Override
    public void clientWritable(boolean writable) {
      if (upstream != null) {
        upstream.channel.config().setAutoRead(writable);
      }
    }

    @Override
    public void clientClosed() {
      finish();
      stopTimer();
      lease.release();
      dropUpstream();
    }

    /** A chunked body passed {@code max_body_size}: 413, or a closed connection if too late. */
    private void tooLarge() {
      stopTimer();
      lease.release();
      dropUpstream();
      if (responding) {
        finish();
        downstream.abort();
        return;
      }
      finish();
      FullHttpResponse response = emptyResponse(413);
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      downstream.respond(response);
    }

    // ---- timeouts, retries, failures -------------------------------------------------------

    /** The request timer: no byte from the target for {@code timeouts.request}. */
    @Override
    public void run() {
      timer = null;
      if (upstream == null) {
        return;
      }
      long idle = nanoTime.getAsLong() - activityNanos;
      if (idle < requestTimeoutNanos) {
        timer = loop.schedule(this, requestTimeoutNanos - idle, TimeUnit.NANOSECONDS);
        return;
      }
      dropUpstream();
      brokeOff(TIMEOUT);
    }

    /**
     * The attempt broke off after its request went out (a reset, a timeout): retried or answered
     * 502/504, or, once the response has started, the client's connection is closed.
     */
    private void brokeOff(Throwable cause) {
      lease.release();
      if (responding) {
        finish();
        downstream.abort();
        return;
      }
      group.outliers().report(lease.target(), Outcome.CONNECT_FAILURE);
      fail(cause);
    }

    /** Lets go of the target connection mid-exchange: it cannot be reused, so it closes. */
    private void dropUpstream() {
      if (upstream != null) {
        Upstream connection = upstream;
        upstream = null;
        connection.release(false);
      }
    }

    private void stopTimer() {
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
    }

    private void fail(Throwable cause) {
      if (retriable
          && retry(policy.forFailure(cause, lease.isConnected(), hadBody), false)) {
        return;
      }
      finish();
      downstream.respond(emptyResponse(FailureStatus.of(cause)));
    }

    /**
     * Tries once more on another target when {@code reason} says so, the group has another
     * eligible target and the budget allows; true when it did. {@code drain}: the failed
     * attempt's response is still coming and is read and dropped, keeping its connection.
     */
    private boolean retry(Optional<RetryOn> reason, boolean drain) {
      if (reason.isEmpty() || group.eligible().size() < 2 || !budget.tryRetry()) {
        return false;
      }
      if (drain && upstream != null) {
        stopTimer();
        upstream.attach(new Drain(upstream, bodyEnded));
        upstream = null;
      }
      lease.release();
      onRetry.run();
      attempt(lease.target());
      return true;
    }

    private void finish() {
      done = true;
      if (waiting != null) {
        waiting.forEach(ReferenceCountUtil::release);
        waiting = null;
      }
    }

    private FullHttpResponse emptyResponse(int status) {
      FullHttpResponse response =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
      response.headers()
          .set(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderValues.ZERO)
          .set(HttpHeaderNames.DATE, HttpDate.now())
          .set(RequestIds.HEADER, requestId);
      return response;
    }
  }

  /** A response nobody wants (its attempt is retried): read to its end, the connection kept. */
  private static final class Drain implements Upstream.Listener {
    private final Upstream connection;
    private final boolean requestSent;

    Drain(Upstream connection, boolean requestSent) {
      this.connection = connection;
      this.requestSent = requestSent;
    }

    @Override
    public void read(HttpObject part) {
      ReferenceCountUtil.release(part);
      if (part instanceof LastHttpContent) {
        connection.release(requestSent);
      }
    }

    @Override
    public void failed(Throwable cause) {}
  }

  /** A {@code Connection} value that names no other header. */
  private static boolean plain(String connection) {
    return connection.equalsIgnoreCase("close")
        || connection.equalsIgnoreCase("keep-alive")
        || connection.equalsIgnoreCase("upgrade");
  }

  static final String FORWARDED_FOR = "x-forwarded-for";
  static final String FORWARDED_PROTO = "x-forwarded-proto";
  static final String FORWARDED_HOST = "x-forwarded-host";

  private static final BalancerFailure TIMEOUT =
      new BalancerFailure(504, "no response from the target within timeouts.request");

  /**
   * A WebSocket upgrade (RFC 6455 4.1): tunnelled once the target agrees. Other upgrades (h2c,
   * which Java's HTTP client tries on every {@code http://} request) are not: their {@code
   * Upgrade} is dropped as hop-by-hop and the request is served as HTTP/1.1.
   */
  static boolean webSocketUpgrade(HttpHeaders headers) {
    return headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
        && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
  }

  /**
   * Removes the headers of one hop (RFC 9110 7.6.1): the fixed ones and those the {@code
   * Connection} header names (such as h2c's {@code HTTP2-Settings}); an upgrade keeps {@code
   * Upgrade}.
   */
  static void stripHopByHop(HttpHeaders headers, boolean upgrade) {
    String connection = headers.get(HttpHeaderNames.CONNECTION);
    if (connection != null && !plain(connection)) {
      for (String token : connection.split(",")) {
        String name = token.trim();
        if (!name.isEmpty() && !(upgrade && name.equalsIgnoreCase("upgrade"))) {
          headers.remove(name);
        }
      }
    }
    headers
        .remove(HttpHeaderNames.CONNECTION)
        .remove(HttpHeaderNames.KEEP_ALIVE)
        .remove(HttpHeaderNames.TE)
        .remove(HttpHeaderNames.TRAILER)
        .remove(HttpHeaderNames.TRANSFER_ENCODING)
        .remove(HttpHeaderNames.PROXY_AUTHENTICATE)
        .remove(HttpHeaderNames.PROXY_AUTHORIZATION);
    if (!upgrade) {
      headers.remove(HttpHeaderNames.UPGRADE);
    }
  }
}
