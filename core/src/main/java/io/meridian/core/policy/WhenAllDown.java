package io.meridian.core.policy;

/** What a policy answers when none of its candidates is healthy. */
public enum WhenAllDown {
  /** Answer as if all were healthy (Route 53's behaviour); the parent sees this policy as down. */
  OPEN,
  /** SERVFAIL: resolvers try again later or elsewhere. */
  CLOSED,
  /** An empty answer with the SOA. */
  NODATA,
  /** The policy's static fallback answer. */
  FALLBACK
}
