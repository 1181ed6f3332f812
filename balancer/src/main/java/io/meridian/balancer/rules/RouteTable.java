package io.meridian.balancer.rules;

import static java.util.Objects.requireNonNull;

import io.meridian.balancer.config.RouteConfig;
import io.meridian.balancer.config.RouteConfig.ActionConfig;
import io.meridian.balancer.config.RouteConfig.MatchConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The rules of one configuration, compiled once: every condition becomes a {@link Matcher} (regexes
 * compiled, host wildcards split into suffixes) and every action a ready-to-run {@code A}. At
 * request time {@link #match} walks the rules in order and returns the action of the first whose
 * matchers all hold; it allocates nothing and never throws.
 *
 * @param <A> the compiled action, so the table can be tested with plain values
 */
public final class RouteTable<A> {

  private record Rule<A>(Matcher[] matchers, A action) {}

  private final List<Rule<A>> rules;

  private RouteTable(List<Rule<A>> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * @param actions turns each rule's action into what requests run; called once per rule, here
   */
  public static <A> RouteTable<A> compile(
      List<RouteConfig> routes, Function<ActionConfig, A> actions) {
    requireNonNull(routes, "routes");
    requireNonNull(actions, "actions");
    List<Rule<A>> rules = new ArrayList<>();
    for (RouteConfig route : routes) {
      rules.add(new Rule<>(matchers(route.match()), actions.apply(route.action())));
    }
    return new RouteTable<>(rules);
  }

  /** The action of the first matching rule; empty when none matches (the caller answers 404). */
  public Optional<A> match(RequestView request) {
    for (Rule<A> rule : rules) {
      if (all(rule.matchers, request)) {
        return Optional.of(rule.action);
      }
    }
    return Optional.empty();
  }

  /** The compiled actions in rule order. */
  public List<A> actions() {
    return rules.stream().map(Rule::action).toList();
  }

  private static boolean all(Matcher[] matchers, RequestView request) {
    for (Matcher m : matchers) {
      if (!m.matches(request)) {
        return false;
      }
    }
    return true;
  }

  // cheap conditions first, the regex (if any) last
  private static Matcher[] matchers(MatchConfig match) {
    List<Matcher> out = new ArrayList<>();
    if (!match.methods().isEmpty()) {
      out.add(new MethodMatcher(Set.copyOf(match.methods())));
    }
    if (!match.hosts().isEmpty()) {
      out.add(HostMatcher.of(match.hosts()));
    }
    if (!match.headers().isEmpty()) {
      out.add(new ValuesMatcher(ValuesMatcher.Source.HEADER, match.headers()));
    }
    if (!match.query().isEmpty()) {
      out.add(new ValuesMatcher(ValuesMatcher.Source.QUERY, match.query()));
    }
    match.path().map(PathMatcher::of).ifPresent(out::add);
    return out.toArray(Matcher[]::new);
  }
}
