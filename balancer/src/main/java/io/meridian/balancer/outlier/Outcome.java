package io.meridian.balancer.outlier;

/** What one request to a target came to, as far as passive health is concerned. */
public enum Outcome {
  /** A response below 500. */
  SUCCESS,
  /** A 5xx response from the target. */
  HTTP_5XX,
  /** No connection (refused, timed out) or the connection failed before a response. */
  CONNECT_FAILURE
}
