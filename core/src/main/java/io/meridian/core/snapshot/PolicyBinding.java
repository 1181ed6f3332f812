package io.meridian.core.snapshot;

import io.meridian.core.policy.Policy;

/**
 * A name whose A and AAAA answers a policy chooses per query.
 *
 * @param ttl the TTL of the chosen records
 */
public record PolicyBinding(Policy policy, long ttl) {

  /** Short, so that resolvers follow health changes within a minute. */
  public static final long DEFAULT_TTL = 60;
}
