package io.meridian.admin.change;

import io.meridian.core.health.EndpointHealth;
import io.meridian.core.health.HealthOverride;
import io.meridian.core.health.HealthView;
import java.util.Set;

/**
 * The health an override would make, for a dry run: the live view with some endpoints forced up,
 * forced down or drained (a pause changes nothing now, so it moves no answer).
 */
public final class OverriddenHealth implements HealthView {

  private final HealthView live;
  private final Set<Integer> ids;
  private final HealthOverride.Verb verb;

  public OverriddenHealth(HealthView live, Set<Integer> ids, HealthOverride.Verb verb) {
    this.live = live;
    this.ids = Set.copyOf(ids);
    this.verb = verb;
  }

  @Override
  public boolean isUp(int id) {
    if (!ids.contains(id) || verb == HealthOverride.Verb.PAUSE) {
      return live.isUp(id);
    }
    return verb == HealthOverride.Verb.FORCE_UP;
  }

  @Override
  public boolean isDrained(int id) {
    return ids.contains(id) && verb == HealthOverride.Verb.DRAIN || live.isDrained(id);
  }

  @Override
  public double rttMillis(String region, int id) {
    return live.rttMillis(region, id);
  }

  @Override
  public String describe(int id) {
    return ids.contains(id) ? verb.label() + " (dry run)" : live.describe(id);
  }

  @Override
  public EndpointHealth health(int id) {
    return live.health(id);
  }
}
