package io.meridian.core.policy;

import java.util.ArrayList;
import java.util.List;

/** Keeps at most {@code n} candidates, shuffled: multivalue answers. Usually the last step. */
final class FirstNFilter implements Filter {

  static final String NAME = "first-n";
  private final int n;

  FirstNFilter(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1");
    }
    this.n = n;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Target> apply(List<Target> candidates, Evaluation evaluation) {
    List<Target> shuffled = new ArrayList<>(candidates);
    var random = evaluation.query().random();
    for (int i = shuffled.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Target swap = shuffled.get(i);
      shuffled.set(i, shuffled.get(j));
      shuffled.set(j, swap);
    }
    return shuffled.size() <= n ? shuffled : List.copyOf(shuffled.subList(0, n));
  }
}
