package io.meridian.balancer.proxy;

import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Gives every request an {@code X-Request-Id}, sent to the target and back to the client, so one
 * request can be followed through logs. A well-formed id from the client (1-128 letters, digits,
 * {@code -_.:}) is kept, because an upstream hop may already have assigned one; anything else is
 * replaced. New ids are a per-process random prefix plus a counter: unique, cheap, and they sort
 * in arrival order.
 */
final class RequestIdInterceptor implements ProxyInterceptor {

  static final String HEADER = "x-request-id";
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final String prefix;
  private final AtomicLong counter = new AtomicLong();

  RequestIdInterceptor(RandomGenerator random) {
    this.prefix = String.format("%08x-", random.nextInt());
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    String id = context.request().headers().get(HEADER);
    if (id == null || !VALID.matcher(id).matches()) {
      id = prefix + Long.toHexString(counter.incrementAndGet());
      context.request().headers().set(HEADER, id);
    }
    context.set(HEADER, id);
    return context.sendRequest();
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    String id = context.get(HEADER, String.class);
    if (id != null) {
      context.response().headers().set(HEADER, id);
    }
    return context.sendResponse();
  }
}
