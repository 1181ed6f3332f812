package io.meridian.core.health;

import io.meridian.core.policy.PolicySet;
import java.util.Objects;

/**
 * The health source fed by the cluster: holds the latest {@link HealthState} and its projection on
 * the snapshot last asked for. Publishing and reading never lock; a query that meets a new state
 * or a new snapshot projects once (an array per endpoint), and every later query reuses that.
 */
public final class LiveHealth implements HealthSource {

  private volatile HealthState state;
  private volatile ObservedHealth view;

  public LiveHealth(HealthState initial) {
    this.state = Objects.requireNonNull(initial, "initial");
  }

  public void publish(HealthState next) {
    state = Objects.requireNonNull(next, "next");
  }

  public HealthState state() {
    return state;
  }

  @Override
  public HealthView viewFor(PolicySet policies) {
    HealthState s = state;
    ObservedHealth v = view;
    if (v == null || !v.builtFrom(s, policies)) {
      v = new ObservedHealth(s, policies);
      view = v;
    }
    return v;
  }
}
