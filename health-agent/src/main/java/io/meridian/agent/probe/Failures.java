package io.meridian.agent.probe;

import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import javax.net.ssl.SSLException;

/** Turns the exceptions of a failed probe into the one-line reasons a person reads in explain. */
final class Failures {

  private Failures() {}

  static String describe(Throwable failure) {
    Throwable cause = failure;
    // Vert.x and Netty wrap; the innermost TLS or socket error is the one that explains
    while (cause.getCause() != null
        && cause.getCause() != cause
        && !(cause instanceof SSLException)) {
      cause = cause.getCause();
    }
    String message =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (cause instanceof SSLException) {
      return "TLS: " + message;
    }
    if (cause instanceof ConnectTimeoutException) {
      return "connect timeout";
    }
    if (cause instanceof ConnectException) {
      return "connect: " + message;
    }
    return message;
  }
}
