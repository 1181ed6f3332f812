package io.meridian.balancer.rules;

/**
 * The parts of a request that rules look at, so rules can be tested without a server. Header
 * names are passed in lower case; absent values are {@code null}.
 */
public interface RequestView {

  String method();

  /** The host the client asked for, lower case, without the port. */
  String host();

  /** The path, without the query string. */
  String path();

  String header(String lowerCaseName);

  /** The first value of a query parameter. */
  String query(String name);
}
