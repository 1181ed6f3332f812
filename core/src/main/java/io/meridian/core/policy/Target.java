package io.meridian.core.policy;

import java.util.List;

/**
 * One candidate of a policy: an endpoint, or another policy (nesting, e.g. geolocation whose
 * targets are failover policies). Routing attributes live here because they belong to the target
 * within this policy: the same endpoint may be primary in one policy and backup in another.
 *
 * @param index position in the policy's target list
 * @param geo locations this target serves in a geolocation step ({@code country:DE}, ...)
 * @param cidr named client networks this target serves in a cidr step
 * @param region where the target is, for geoproximity and latency (an endpoint's own by default)
 * @param bias geoproximity bias, -99..99: positive draws clients from farther away
 */
public record Target(
    int index,
    String label,
    Endpoint endpoint,
    Policy policy,
    int weight,
    int priority,
    List<GeoTag> geo,
    List<String> cidr,
    Region region,
    int bias) {

  public Target {
    geo = List.copyOf(geo);
    cidr = List.copyOf(cidr);
    if ((endpoint == null) == (policy == null)) {
      throw new IllegalArgumentException("a target is either an endpoint or a policy");
    }
  }
}
