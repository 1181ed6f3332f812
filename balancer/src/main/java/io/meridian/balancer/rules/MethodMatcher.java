package io.meridian.balancer.rules;

import java.util.Set;

/** The request method is one of the listed ones (upper case, as HTTP spells them). */
record MethodMatcher(Set<String> methods) implements Matcher {

  @Override
  public boolean matches(RequestView request) {
    return methods.contains(request.method());
  }
}
