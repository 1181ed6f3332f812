package io.meridian.balancer.select;

/**
 * What a load balancer may use from the request: only the hashed key (client address, a header or
 * a cookie, as the group says), computed once per request and only for hashing groups.
 */
public record PickContext(long keyHash) {

  /** For algorithms that do not hash. */
  public static final PickContext NONE = new PickContext(0);
}
