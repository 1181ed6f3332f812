package io.meridian.balancer.proxy;

import static java.util.Objects.requireNonNull;

import io.meridian.balancer.config.GroupConfig;
import io.meridian.balancer.config.GroupConfig.RetryOn;
import io.meridian.balancer.limit.RetryBudget;
import io.meridian.balancer.outlier.Outcome;
import io.meridian.balancer.select.Lease;
import io.meridian.balancer.select.TargetGroup;
import io.meridian.balancer.select.TargetState;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.streams.Pipe;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The common case forwarded straight over Vert.x's {@link HttpServerRequest} and {@link
 * HttpClientRequest}: a request that is not a WebSocket upgrade and whose body length is known (a
 * {@code Content-Length}, or HTTP/1 without {@code Transfer-Encoding}, i.e. no body). Everything
 * else (WebSockets, chunked bodies held to {@code max_body_size}) takes vertx-http-proxy with the
 * interceptors ({@link GroupProxy}).
 *
 * <p>It does what that chain does, in the same order, without copying the headers into
 * intermediate maps or composing a future per interceptor: pick and lease a target ({@link
 * GroupOrigin}'s rules), add the forwarded headers and the request id, send, report the attempt
 * (latency, outlier outcome), retry per {@link RetryPolicy} within the {@link RetryBudget}, add
 * the sticky cookie, and pass the response through. Failures become {@link FailureStatus#of} with
 * an empty body. Hop-by-hop headers are not forwarded in either direction; a response without a
 * {@code Date} gets one, as vertx-http-proxy does. A small response body of declared length (up to
 * {@link #SMALL_BODY}) is collected and written together with the head, in one write.
 */
final class DirectForward {

  /**
   * Response bodies up to this size with a declared length are collected and written with the
   * head in one go; larger or unknown ones stream through a pipe, with back-pressure.
   */
  static final int SMALL_BODY = 16 * 1024;

  private final TargetGroup group;
  private final HttpClient client;
  private final RetryPolicy policy;
  private final RetryBudget budget;
  private final RequestIds ids;
  private final LongSupplier nanoTime;
  private final Runnable onRetry;
  private final long requestTimeoutMillis;

  DirectForward(
      TargetGroup group,
      HttpClient client,
      RetryPolicy policy,
      RetryBudget budget,
      RequestIds ids,
      LongSupplier nanoTime,
      Runnable onRetry) {
    this.group = requireNonNull(group, "group");
    this.client = requireNonNull(client, "client");
    this.policy = requireNonNull(policy, "policy");
    this.budget = requireNonNull(budget, "budget");
    this.ids = requireNonNull(ids, "ids");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    this.onRetry = requireNonNull(onRetry, "onRetry");
    this.requestTimeoutMillis = group.config().timeouts().request().toMillis();
  }

  /** Whether {@code request} can take this path (see the class comment). */
  static boolean applies(HttpServerRequest request) {
    MultiMap headers = request.headers();
    if (headers.contains(HttpHeaders.TRANSFER_ENCODING) || request.canUpgradeToWebSocket()) {
      return false;
    }
    return request.version() != HttpVersion.HTTP_2 || headers.contains(HttpHeaders.CONTENT_LENGTH);
  }

  /** Forwards {@code request}, which the caller has paused. */
  void handle(HttpServerRequest request) {
    budget.deposit();
    new Exchange(request).attempt(null);
  }

  /** One client request, through one or two attempts. */
  private final class Exchange {
    private final HttpServerRequest request;
    private final String requestId;
    private final long contentLength;
    private final boolean retriable;

    Exchange(HttpServerRequest request) {
      this.request = request;
      this.requestId = ids.keepOrCreate(request.getHeader(RequestIds.HEADER));
      this.contentLength = contentLength(request);
      this.retriable = policy.mayRetry(request.method());
      if (contentLength <= 0) {
        request.resume(); // nothing to stream: let the request's end be read now
      }
    }

    void attempt(TargetState avoid) {
      GroupConfig config = group.config();
      Lease lease =
          group.pick(
              GroupOrigin.stickyCookie(request, config),
              GroupOrigin.pickContext(request, config),
              avoid);
      HttpServerResponse response = request.response();
      response.closeHandler(lease);
      response.endHandler(lease);
      client
          .request(new RequestOptions().setServer(lease.target().address()))
          .onComplete(
              ar -> {
                if (ar.succeeded()) {
                  lease.connected();
                  send(ar.result(), lease);
                } else {
                  if (!(ar.cause() instanceof ConnectionPoolTooBusyException)) {
                    group.outliers().report(lease.target(), Outcome.CONNECT_FAILURE);
                  }
                  lease.release();
                  failed(ar.cause(), lease);
                }
              });
    }

    private void send(HttpClientRequest out, Lease lease) {
      out.idleTimeout(requestTimeoutMillis);
      out.setMethod(request.method());
      out.setURI(request.uri());
      MultiMap headers = out.headers();
      for (Map.Entry<String, String> header : request.headers()) {
        String name = header.getKey();
        if (!hopByHop(name) && !rewritten(name)) {
          headers.add(name, header.getValue());
        }
      }
      HostAndPort authority = request.authority();
      if (authority != null) {
        out.authority(authority);
        headers.set(ForwardedHeadersInterceptor.HOST, authority.toString());
      }
      String client =
          request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
      if (client != null) {
        String previous = request.getHeader(ForwardedHeadersInterceptor.FOR);
        headers.set(
            ForwardedHeadersInterceptor.FOR,
            previous == null || previous.isBlank() ? client : previous + ", " + client);
      }
      headers.set(ForwardedHeadersInterceptor.PROTO, request.isSSL() ? "https" : "http");
      headers.set(RequestIds.HEADER, requestId);
      out.response().onComplete(ar -> responded(ar, out, lease));
      if (contentLength < 0) {
        out.end();
        return;
      }
      headers.set(HttpHeaders.CONTENT_LENGTH, Long.toString(contentLength));
      if (contentLength == 0) {
        out.end();
        return;
      }
      Pipe<Buffer> pipe = request.pipe();
      pipe.endOnComplete(true);
      pipe.endOnFailure(false);
      pipe.to(out).onFailure(e -> out.reset());
    }

    private void responded(AsyncResult<HttpClientResponse> ar, HttpClientRequest out, Lease lease) {
      if (ar.failed()) {
        // a connection was had: a reset or a timeout after sending (OutcomeInterceptor's case)
        group.outliers().report(lease.target(), Outcome.CONNECT_FAILURE);
        failed(ar.cause(), lease);
        return;
      }
      HttpClientResponse in = ar.result();
      int status = in.statusCode();
      lease.target().recordLatency((nanoTime.getAsLong() - lease.startNanos()) / 1e6);
      group.outliers().report(lease.target(), status >= 500 ? Outcome.HTTP_5XX : Outcome.SUCCESS);
      if (retriable && retry(policy.forStatus(status, contentLength > 0), lease)) {
        in.resume(); // read and dropped, so the pooled connection stays usable
        return;
      }
      pass(in, out, lease);
    }

    private void pass(HttpClientResponse in, HttpClientRequest out, Lease lease) {
      HttpServerResponse response = request.response();
      response.setStatusCode(in.statusCode());
      if (in.statusMessage() != null) {
        response.setStatusMessage(in.statusMessage());
      }
      MultiMap headers = response.headers();
      for (Map.Entry<String, String> header : in.headers()) {
        if (!hopByHop(header.getKey())) {
          headers.add(header.getKey(), header.getValue());
        }
      }
      if (!headers.contains(HttpHeaders.DATE)) {
        headers.set(HttpHeaders.DATE, HttpDate.now());
      }
      headers.set(RequestIds.HEADER, requestId);
      if (lease.setCookie() != null) {
        headers.add(HttpHeaders.SET_COOKIE, lease.setCookie());
        if (!headers.contains(HttpHeaders.CACHE_CONTROL)) {
          headers.set(HttpHeaders.CACHE_CONTROL, "private");
        }
      }
      String length = headers.get(HttpHeaders.CONTENT_LENGTH);
      if (length == null && request.version() == HttpVersion.HTTP_1_0) {
        // no chunked encoding in HTTP/1.0: collect the body, then send it with its length
        endWithWholeBody(in, out, response);
        return;
      }
      if (length != null && small(length)) {
        // a small body: one write of head and body together (one system call), not a pipe
        endWithWholeBody(in, out, response);
        return;
      }
      if (length == null) {
        response.setChunked(true);
      }
      Pipe<Buffer> pipe = in.pipe();
      pipe.endOnSuccess(true);
      pipe.endOnFailure(false);
      pipe.to(response).onFailure(e -> {
        out.reset();
        response.reset();
      });
    }

    private void endWithWholeBody(
        HttpClientResponse in, HttpClientRequest out, HttpServerResponse response) {
      in.body().onComplete(body -> {
        if (body.succeeded()) {
          response.end(body.result());
        } else {
          out.reset();
          response.reset();
        }
      });
    }

    private void failed(Throwable failure, Lease lease) {
      if (retriable
          && retry(policy.forFailure(failure, lease.isConnected(), contentLength > 0), lease)) {
        return;
      }
      request.resume(); // a body not sent is read and dropped
      HttpServerResponse response = request.response();
      if (response.headWritten()) {
        response.reset();
        return;
      }
      response
          .setStatusCode(FailureStatus.of(failure))
          .putHeader(HttpHeaders.CONTENT_LENGTH, "0")
          .putHeader(HttpHeaders.DATE, HttpDate.now())
          .putHeader(RequestIds.HEADER, requestId)
          .end();
    }

    /**
     * Tries once more on another target when {@code reason} says so, the group has another
     * eligible target and the budget allows (RetryInterceptor's rule); true when it did.
     */
    private boolean retry(Optional<RetryOn> reason, Lease lease) {
      if (reason.isEmpty() || group.eligible().size() < 2 || !budget.tryRetry()) {
        return false;
      }
      lease.release();
      onRetry.run();
      attempt(lease.target());
      return true;
    }
  }

  /** Whether a response body of this declared length is collected and sent in one write. */
  private static boolean small(String length) {
    int n = length.length();
    if (n == 0 || n > 5) {
      return false;
    }
    int value = 0;
    for (int i = 0; i < n; i++) {
      char c = length.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      value = value * 10 + (c - '0');
    }
    return value <= SMALL_BODY;
  }

  /** The declared body length; -1 when there is none (HTTP/1 without framing headers). */
  private static long contentLength(HttpServerRequest request) {
    String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1; // Netty validated it before; not reached
    }
  }

  /** Headers of one hop only (RFC 9110 7.6.1), and {@code Host}, which the authority carries. */
  static boolean hopByHop(String name) {
    return switch (name.length()) {
      case 2 -> name.equalsIgnoreCase("te");
      case 4 -> name.equalsIgnoreCase("host");
      case 7 -> name.equalsIgnoreCase("upgrade") || name.equalsIgnoreCase("trailer");
      case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
      case 17 -> name.equalsIgnoreCase("transfer-encoding");
      case 18 -> name.equalsIgnoreCase("proxy-authenticate");
      case 19 -> name.equalsIgnoreCase("proxy-authorization");
      default -> false;
    };
  }

  /** Request headers this hop sets itself (forwarded headers, request id, length). */
  private static boolean rewritten(String name) {
    return switch (name.length()) {
      case 12 -> name.equalsIgnoreCase(RequestIds.HEADER);
      case 14 -> name.equalsIgnoreCase("content-length");
      case 15 ->
          name.equalsIgnoreCase(ForwardedHeadersInterceptor.FOR);
      case 16 ->
          name.equalsIgnoreCase(ForwardedHeadersInterceptor.HOST);
      case 17 -> name.equalsIgnoreCase(ForwardedHeadersInterceptor.PROTO);
      default -> false;
    };
  }
}
