package io.meridian.core.policy;

import java.util.List;

/**
 * What a policy decided for one query.
 *
 * @param endpoints what to answer with, for {@link Kind#ANSWER}
 * @param healthy whether the answer is made of healthy targets; a parent policy treats an unhealthy
 *     child (one that had to fail open) as down, so failover moves on
 */
public record Decision(Kind kind, List<Endpoint> endpoints, boolean healthy) {

  public enum Kind {
    ANSWER,
    NODATA,
    SERVFAIL
  }

  static final Decision NODATA = new Decision(Kind.NODATA, List.of(), false);
  static final Decision SERVFAIL = new Decision(Kind.SERVFAIL, List.of(), false);
}
