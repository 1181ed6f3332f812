package io.meridian.balancer.rules;

import java.util.Map;

/**
 * Every listed header (names in lower case, so case-insensitive) or query parameter (its first
 * value) is present with exactly the given value.
 */
record ValuesMatcher(Source source, Map<String, String> required) implements Matcher {

  /** Where the values are read from. */
  enum Source {
    HEADER,
    QUERY
  }

  @Override
  public boolean matches(RequestView request) {
    for (Map.Entry<String, String> e : required.entrySet()) {
      String actual =
          source == Source.HEADER ? request.header(e.getKey()) : request.query(e.getKey());
      if (!e.getValue().equals(actual)) {
        return false;
      }
    }
    return true;
  }
}
