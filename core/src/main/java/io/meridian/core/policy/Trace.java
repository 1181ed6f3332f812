package io.meridian.core.policy;

import java.util.ArrayList;
import java.util.List;

/** What each step of an evaluation kept and why: the record behind {@code explain}. */
public final class Trace {

  /**
   * @param in each candidate as {@code label (health)}
   * @param out the candidates kept, likewise
   */
  public record Step(
      String policy, String filter, List<String> in, List<String> out, String note) {}

  private final List<Step> steps = new ArrayList<>();

  void add(Step step) {
    steps.add(step);
  }

  public List<Step> steps() {
    return List.copyOf(steps);
  }
}
