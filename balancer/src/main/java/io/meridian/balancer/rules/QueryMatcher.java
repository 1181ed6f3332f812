package io.meridian.balancer.rules;

import java.util.Map;

/** Every listed query parameter has exactly the given (first) value. */
record QueryMatcher(Map<String, String> required) implements Matcher {

  @Override
  public boolean matches(RequestView request) {
    for (Map.Entry<String, String> e : required.entrySet()) {
      if (!e.getValue().equals(request.query(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
