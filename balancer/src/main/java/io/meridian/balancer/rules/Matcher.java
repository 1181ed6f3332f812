package io.meridian.balancer.rules;

/** One condition of a rule; a rule matches when all its matchers do. */
@FunctionalInterface
public interface Matcher {

  boolean matches(RequestView request);
}
