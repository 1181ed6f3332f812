package io.meridian.core.explain;

import io.meridian.core.policy.Trace;
import java.util.List;

/**
 * Why a query gets the answer it gets: where the client was placed, which policy steps kept what,
 * and the answer with its TTL and ECS scope. Plain data, for the CLI and the admin API.
 *
 * @param client how the client was identified, e.g. {@code 81.2.69.0/24 (ECS)}
 * @param geo the geo database record for the client, and which database (name and build)
 * @param outcome {@code policy www (ttl 30)}, {@code static}, {@code NXDOMAIN}, ...
 * @param answers the records of the answer, in presentation format
 * @param scope the ECS scope prefix the answer carries
 * @param health each endpoint the policy can answer with, and where its health comes from
 * @param failover the predicted worst-case time for a failure to leave the answers
 */
public record Explanation(
    String query,
    String client,
    String geo,
    String zone,
    String outcome,
    List<Trace.Step> steps,
    String rcode,
    List<String> answers,
    int scope,
    List<String> health,
    String failover) {

  public Explanation {
    steps = List.copyOf(steps);
    answers = List.copyOf(answers);
    health = List.copyOf(health);
  }

  /** An explanation of an answer no policy decides. */
  public Explanation(
      String query, String client, String geo, String zone, String outcome,
      List<Trace.Step> steps, String rcode, List<String> answers, int scope) {
    this(query, client, geo, zone, outcome, steps, rcode, answers, scope, List.of(), "");
  }
}
