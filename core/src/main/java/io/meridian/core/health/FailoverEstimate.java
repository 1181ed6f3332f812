package io.meridian.core.health;

import io.meridian.core.config.HealthConfig;
import io.meridian.core.policy.Endpoint;
import io.meridian.core.policy.Policy;
import io.meridian.core.policy.Target;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The predicted worst case from an endpoint failing to the last resolver no longer handing it out:
 * {@code fall} probes, each up to the interval plus its 10 % jitter apart, the last taking up to
 * the timeout; then propagation to every DNS server; then the TTL resolvers may cache the old
 * answer for. The slowest check among the policy's endpoints sets the figure.
 *
 * @param endpoints every endpoint the policy can answer with, nested policies included
 * @param unchecked how many of them no check watches (they never leave the answers by themselves)
 */
public record FailoverEstimate(
    Duration total, Duration detection, Duration propagation, Duration ttl,
    Set<Endpoint> endpoints, int unchecked, String slowestCheck) {

  public static FailoverEstimate of(
      Policy policy, long ttlSeconds, HealthPlan plan, HealthConfig health) {
    Set<Endpoint> endpoints = endpointsOf(policy);
    Duration detection = Duration.ZERO;
    String slowest = "none";
    int unchecked = 0;
    for (Endpoint e : endpoints) {
      CheckSpec check = plan.check(e.id());
      if (check == null) {
        unchecked++;
        continue;
      }
      Duration d = detection(check);
      if (d.compareTo(detection) > 0) {
        detection = d;
        slowest = String.format(Locale.ROOT, "%s every %dms, fall %d, timeout %dms",
            check.type().name().toLowerCase(Locale.ROOT), check.interval().toMillis(),
            check.fall(), check.timeout().toMillis());
      }
    }
    Duration ttl = Duration.ofSeconds(ttlSeconds);
    return new FailoverEstimate(detection.plus(health.propagation()).plus(ttl), detection,
        health.propagation(), ttl, endpoints, unchecked, slowest);
  }

  /** {@code fall} jittered intervals plus one timeout. */
  static Duration detection(CheckSpec check) {
    long jittered = Math.round(check.interval().toMillis() * 1.1);
    return Duration.ofMillis(jittered * check.fall() + check.timeout().toMillis());
  }

  /** Every endpoint {@code policy} can answer with, nested policies included. */
  public static Set<Endpoint> endpointsOf(Policy policy) {
    Set<Endpoint> out = new LinkedHashSet<>();
    collect(policy, out);
    return out;
  }

  private static void collect(Policy policy, Set<Endpoint> into) {
    for (Endpoint.AddressFamily family : Endpoint.AddressFamily.values()) {
      for (Target t : policy.targets(family)) {
        if (t.endpoint() != null) {
          into.add(t.endpoint());
        } else {
          collect(t.policy(), into);
        }
      }
    }
  }

  @Override
  public String toString() {
    if (endpoints.size() == unchecked) {
      return "no endpoint has a check: failures never leave the answers by themselves";
    }
    return String.format(Locale.ROOT,
        "a failure leaves every resolver's answers within %.1f s: detection %.1f s (%s)"
            + " + propagation %.1f s + TTL %d s%s",
        total.toMillis() / 1000.0, detection.toMillis() / 1000.0, slowestCheck,
        propagation.toMillis() / 1000.0, ttl.toSeconds(),
        unchecked == 0 ? "" : "; " + unchecked + " endpoint(s) have no check");
  }
}
