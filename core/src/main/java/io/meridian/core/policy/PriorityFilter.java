package io.meridian.core.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the candidates of the lowest priority value: failover. After {@code up}, that is the first
 * group that still has a healthy member.
 */
final class PriorityFilter implements Filter {

  static final String NAME = "priority";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Target> apply(List<Target> candidates, Evaluation evaluation) {
    int lowest = Integer.MAX_VALUE;
    for (Target target : candidates) {
      lowest = Math.min(lowest, target.priority());
    }
    List<Target> out = new ArrayList<>();
    for (Target target : candidates) {
      if (target.priority() == lowest) {
        out.add(target);
      }
    }
    if (evaluation.tracing() && !out.isEmpty()) {
      evaluation.note("lowest priority among candidates: " + lowest);
    }
    return out;
  }
}
