package io.meridian.core.health;

import io.meridian.core.policy.PolicySet;
import java.util.Objects;

/**
 * The health source fed by the cluster: the latest {@link HealthState}, already laid out by the
 * ids of the snapshot it was computed for, published as one value. The publisher builds the
 * layout, so a query reads it and builds nothing; only a query that meets a snapshot newer than
 * the last publish (the moment of a reload) lays the state out for its own snapshot.
 */
public final class LiveHealth implements HealthSource {

  private volatile ObservedHealth current;
  /** The layout for a snapshot newer than the publish, made once by the first query that needs it. */
  private volatile ObservedHealth adapted;

  public LiveHealth(HealthState initial, PolicySet policies) {
    this.current = new ObservedHealth(Objects.requireNonNull(initial, "initial"), policies);
  }

  /** Publishes {@code next}, laid out for {@code policies}, on the caller's thread. */
  public void publish(HealthState next, PolicySet policies) {
    current = new ObservedHealth(Objects.requireNonNull(next, "next"), policies);
  }

  public HealthState state() {
    return current.state();
  }

  @Override
  public HealthView viewFor(PolicySet policies) {
    ObservedHealth v = current;
    if (v.policies() == policies) {
      return v;
    }
    ObservedHealth a = adapted;
    if (a == null || a.state() != v.state() || a.policies() != policies) {
      a = new ObservedHealth(v.state(), policies);
      adapted = a;
    }
    return a;
  }
}
