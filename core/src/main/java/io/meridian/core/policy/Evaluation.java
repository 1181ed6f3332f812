package io.meridian.core.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * One policy's evaluation for one query: what the filters share (the query, health) and what they
 * report (a stop such as fail-closed, a note for explain).
 */
public final class Evaluation {

  private final Policy policy;
  private final QueryContext query;
  private WhenAllDown stopped;
  private String note;

  Evaluation(Policy policy, QueryContext query) {
    this.policy = policy;
    this.query = query;
  }

  public Policy policy() {
    return policy;
  }

  public QueryContext query() {
    return query;
  }

  public boolean healthy(Target target) {
    return query.healthy(target);
  }

  /** What the target's region can still take, requests per second; NaN when unknown. */
  double headroom(Target target) {
    return target.region() == null ? Double.NaN : query.health().headroom(target.region().name());
  }

  boolean drained(Target target) {
    return query.drained(target);
  }

  /** Ends the chain with the policy's all-down outcome (not used for {@link WhenAllDown#OPEN}). */
  void stop(WhenAllDown outcome) {
    stopped = outcome;
  }

  WhenAllDown stopped() {
    return stopped;
  }

  /** Whether anybody reads notes: build note strings only when this is true. */
  public boolean tracing() {
    return query.trace() != null;
  }

  public void note(String text) {
    note = text;
  }

  void record(String filter, List<Target> in, List<Target> out) {
    Trace trace = query.trace();
    if (trace != null) {
      trace.add(new Trace.Step(policy.name(), filter, describe(in), describe(out), note));
    }
    note = null;
  }

  private List<String> describe(List<Target> targets) {
    List<String> out = new ArrayList<>(targets.size());
    for (Target t : targets) {
      out.add(t.label() + " (" + (query.drained(t) ? "drained" : query.healthy(t) ? "up" : "down") + ")");
    }
    return out;
  }
}
