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

  /** One line on where this endpoint's state came from, for explain. */
  String describe(int endpointId);
}
