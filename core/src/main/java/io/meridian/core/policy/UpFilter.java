package io.meridian.core.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the healthy candidates. When none is healthy the policy's {@link WhenAllDown} decides: fail
 * open (keep all, and the policy reports itself unhealthy to any parent), fail closed, NODATA or
 * the static fallback. Usually the first step of a chain.
 */
final class UpFilter implements Filter {

  static final String NAME = "up";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Target> apply(List<Target> candidates, Evaluation evaluation) {
    List<Target> up = new ArrayList<>(candidates.size());
    for (Target target : candidates) {
      if (evaluation.healthy(target)) {
        up.add(target);
      }
    }
    if (!up.isEmpty() || candidates.isEmpty()) {
      return up;
    }
    WhenAllDown mode = evaluation.policy().whenAllDown();
    if (evaluation.tracing()) {
      evaluation.note(
          "no healthy candidate: "
              + switch (mode) {
                case OPEN ->
                    "failing open, answering with all (a parent policy sees this one as down)";
                case CLOSED -> "failing closed (SERVFAIL)";
                case NODATA -> "answering NODATA";
                case FALLBACK -> "answering the static fallback";
              });
    }
    if (mode == WhenAllDown.OPEN) {
      return undrained(candidates, evaluation);
    }
    evaluation.stop(mode);
    return List.of();
  }

  /** Failing open answers with every candidate an operator has not drained. */
  private static List<Target> undrained(List<Target> candidates, Evaluation evaluation) {
    List<Target> out = new ArrayList<>(candidates.size());
    for (Target target : candidates) {
      if (!evaluation.drained(target)) {
        out.add(target);
      }
    }
    return out;
  }
}
