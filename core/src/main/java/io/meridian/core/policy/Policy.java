package io.meridian.core.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A named way of choosing answers: candidates (targets) and the chain of filters that narrows them
 * for each query. Immutable; nested policies are built before the policies that use them, which
 * rules out cycles by construction (the compiler reports them).
 */
public final class Policy {

  private final int id;
  private final String name;
  private final List<Target> ipv4Targets;
  private final List<Target> ipv6Targets;
  private final List<Filter> chain;
  private final WhenAllDown whenAllDown;
  private final List<Endpoint> fallback;

  /**
   * @param id unique in the snapshot, below its policy count
   * @param fallback the static answer for {@link WhenAllDown#FALLBACK}
   */
  public Policy(
      int id,
      String name,
      List<Target> targets,
      List<Filter> chain,
      WhenAllDown whenAllDown,
      List<Endpoint> fallback) {
    this.id = id;
    this.name = name;
    this.ipv4Targets = serving(targets, Endpoint.AddressFamily.IPV4);
    this.ipv6Targets = serving(targets, Endpoint.AddressFamily.IPV6);
    this.chain = List.copyOf(chain);
    this.whenAllDown = whenAllDown;
    this.fallback = List.copyOf(fallback);
  }

  /**
   * Targets that can answer this family: an IPv4-only endpoint is no candidate for AAAA, and a
   * disabled endpoint is no candidate at all (not even when failing open).
   */
  private static List<Target> serving(List<Target> targets, Endpoint.AddressFamily family) {
    List<Target> out = new ArrayList<>();
    for (Target t : targets) {
      boolean serves = t.endpoint() != null
          ? t.endpoint().enabled() && t.endpoint().serves(family)
          : t.policy().serves(family);
      if (serves) {
        out.add(t);
      }
    }
    return List.copyOf(out);
  }

  boolean serves(Endpoint.AddressFamily family) {
    return !targets(family).isEmpty();
  }

  public int id() {
    return id;
  }

  public String name() {
    return name;
  }

  public List<Filter> chain() {
    return chain;
  }

  public WhenAllDown whenAllDown() {
    return whenAllDown;
  }

  public List<Target> targets(Endpoint.AddressFamily family) {
    return family == Endpoint.AddressFamily.IPV4 ? ipv4Targets : ipv6Targets;
  }

  /** Runs the chain for one query; called through {@link QueryContext#decide} so it runs once. */
  Decision evaluate(QueryContext query) {
    Evaluation evaluation = new Evaluation(this, query);
    List<Target> candidates = targets(query.family());
    for (Filter filter : chain) {
      List<Target> in = candidates;
      candidates = filter.apply(in, evaluation);
      evaluation.record(filter.name(), in, candidates);
      if (evaluation.stopped() != null) {
        break;
      }
    }
    WhenAllDown stopped = evaluation.stopped();
    if (stopped == WhenAllDown.CLOSED) {
      return Decision.SERVFAIL;
    }
    if (stopped == WhenAllDown.NODATA) {
      return Decision.NODATA;
    }
    if (stopped == WhenAllDown.FALLBACK) {
      return new Decision(Decision.Kind.ANSWER, fallback, false);
    }
    return expand(candidates, query);
  }

  /** The endpoints behind the chosen targets; nested policies give their own decision's. */
  private static Decision expand(List<Target> chosen, QueryContext query) {
    if (chosen.isEmpty()) {
      return Decision.NODATA;
    }
    Set<Endpoint> endpoints = new LinkedHashSet<>();
    boolean healthy = false;
    for (Target target : chosen) {
      healthy |= query.healthy(target);
      if (target.endpoint() != null) {
        endpoints.add(target.endpoint());
      } else {
        endpoints.addAll(query.decide(target.policy()).endpoints());
      }
    }
    if (endpoints.isEmpty()) {
      return Decision.NODATA;
    }
    return new Decision(Decision.Kind.ANSWER, List.copyOf(endpoints), healthy);
  }

  @Override
  public String toString() {
    return "policy " + name;
  }
}
