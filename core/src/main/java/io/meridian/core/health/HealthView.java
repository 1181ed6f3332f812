package io.meridian.core.health;

/**
 * What is known about endpoint health right now, indexed by the endpoint ids the snapshot compiler
 * assigned. Immutable: a change publishes a new view. The query path reads one view per query.
 */
public interface HealthView {

  /**
   * @return whether the endpoint may be answered with
   */
  boolean isUp(int endpointId);

  /**
   * @return the measured round-trip time in milliseconds from {@code region} to the endpoint, or
   *     {@link Double#NaN} when nobody measured it
   */
  double rttMillis(String region, int endpointId);

  /**
   * Whether an operator drained the endpoint: it is not answered with, not even when a policy
   * fails open, but it has not failed.
   */
  default boolean isDrained(int endpointId) {
    return false;
  }

  /**
   * Requests per second {@code region}'s balancers can still take (capacity minus load), or
   * {@link Double#NaN} when no balancer of it reports a capacity.
   */
  default double headroom(String region) {
    return Double.NaN;
  }

  /** One line on where this endpoint's state came from, for explain. */
  String describe(int endpointId);

  /** The endpoint's health with its provenance, or null where it is only configured. */
  default EndpointHealth health(int endpointId) {
    return null;
  }
}
