package io.meridian.balancer.rules;

import java.util.Map;

/** Every listed header is present with exactly the given value (names are case-insensitive). */
record HeaderMatcher(Map<String, String> required) implements Matcher {

  @Override
  public boolean matches(RequestView request) {
    for (Map.Entry<String, String> e : required.entrySet()) {
      if (!e.getValue().equals(request.header(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
