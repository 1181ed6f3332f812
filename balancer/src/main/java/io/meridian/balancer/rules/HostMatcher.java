package io.meridian.balancer.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The request's host is one of the exact names, or ends with the suffix of a {@code *.suffix}
 * wildcard. A wildcard needs at least one more label: {@code *.example.com} matches {@code
 * a.example.com} and {@code a.b.example.com} but not {@code example.com} (as in Envoy and nginx).
 */
record HostMatcher(Set<String> exact, List<String> dotSuffixes) implements Matcher {

  static HostMatcher of(List<String> hosts) {
    Set<String> exact = new HashSet<>();
    List<String> suffixes = new ArrayList<>();
    for (String host : hosts) {
      if (host.startsWith("*.")) {
        suffixes.add(host.substring(1)); // keep the dot: ".example.com"
      } else {
        exact.add(host);
      }
    }
    return new HostMatcher(Set.copyOf(exact), List.copyOf(suffixes));
  }

  @Override
  public boolean matches(RequestView request) {
    String host = request.host();
    if (host == null) {
      return false;
    }
    if (exact.contains(host)) {
      return true;
    }
    for (String suffix : dotSuffixes) {
      if (host.length() > suffix.length() && host.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }
}
