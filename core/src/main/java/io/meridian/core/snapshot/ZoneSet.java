package io.meridian.core.snapshot;

import java.util.Collection;
import java.util.Map;
import org.xbill.DNS.Name;

/** The zones we are authoritative for; finds the closest one to a name. Immutable. */
public final class ZoneSet {

  private final Map<Name, Zone> byApex;
  private final Zone only;
  private final int minApexLabels;

  ZoneSet(Map<Name, Zone> byApex) {
    this.byApex = Map.copyOf(byApex);
    this.only = byApex.size() == 1 ? byApex.values().iterator().next() : null;
    this.minApexLabels = byApex.keySet().stream().mapToInt(Name::labels).min().orElse(1);
  }

  /** The deepest zone at or above {@code name}, or null when the name is not ours. */
  public Zone find(Name name) {
    if (only != null) {
      return name.subdomain(only.apex()) ? only : null;
    }
    int labels = name.labels();
    for (int strip = 0; labels - strip >= minApexLabels; strip++) {
      Zone zone = byApex.get(strip == 0 ? name : new Name(name, strip));
      if (zone != null) {
        return zone;
      }
    }
    return null;
  }

  public Zone get(Name apex) {
    return byApex.get(apex);
  }

  public Collection<Zone> all() {
    return byApex.values();
  }
}
