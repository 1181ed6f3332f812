package io.meridian.balancer.rules;

import io.meridian.balancer.config.RouteConfig.PathMatch;
import java.util.regex.Pattern;

/**
 * Exact path, prefix (plain string prefix: {@code /api/} matches {@code /api/x} but not {@code
 * /api}), or a regular expression that must match the whole path. The regex is compiled once, here.
 */
sealed interface PathMatcher extends Matcher {

  static PathMatcher of(PathMatch spec) {
    return switch (spec.kind()) {
      case EXACT -> new Exact(spec.value());
      case PREFIX -> new Prefix(spec.value());
      case REGEX -> new Regex(Pattern.compile(spec.value()));
    };
  }

  record Exact(String path) implements PathMatcher {
    @Override
    public boolean matches(RequestView request) {
      return path.equals(request.path());
    }
  }

  record Prefix(String prefix) implements PathMatcher {
    @Override
    public boolean matches(RequestView request) {
      return request.path().startsWith(prefix);
    }
  }

  record Regex(Pattern pattern) implements PathMatcher {
    @Override
    public boolean matches(RequestView request) {
      return pattern.matcher(request.path()).matches();
    }
  }
}
