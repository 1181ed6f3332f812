package io.meridian.core.policy;

import io.meridian.geo.Countries;
import io.meridian.geo.GeoDatabase;
import io.meridian.geo.Location;
import io.meridian.geo.PrefixMap;
import io.meridian.geo.PrefixMaps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Makes the filters that depend on where the client is. Each compiles, once per snapshot, a prefix
 * map from the geo database: for every client network the filter's decision input (geo tiers,
 * proximity ranks, the measurement region), merged into the widest prefixes that share it. Equal
 * inputs share one map, so many policies with the same layout cost one compilation.
 */
public final class LocationFilters {

  private final String source;
  private final java.util.function.Supplier<GeoDatabase> database;
  private final Map<Object, PrefixMap<?>> compiled = new java.util.concurrent.ConcurrentHashMap<>();
  private Map<Object, PrefixMap<?>> reusable;

  /**
   * @param database asked only when a filter needs it, so static configurations load no database
   */
  public LocationFilters(java.util.function.Supplier<GeoDatabase> database) {
    this(null, database, null);
  }

  /**
   * @param source identifies the database's content (the bundled one, or a file with its size and
   *     modification time); null when unknown
   * @param previous the previous snapshot's filters: when their source is the same, its database
   *     and the maps it compiled are reused, so a reload that leaves a policy's layout alone does
   *     not walk the database again
   */
  public LocationFilters(
      String source, java.util.function.Supplier<GeoDatabase> database, LocationFilters previous) {
    boolean same = source != null && previous != null && source.equals(previous.source);
    this.source = source;
    this.database = same ? previous.database : memoized(database);
    this.reusable = same ? previous.compiled : Map.of();
  }

  /** Ends reuse once the snapshot is compiled, so no snapshot keeps its predecessor's maps alive. */
  public void sealed() {
    reusable = Map.of();
  }

  public String source() {
    return source;
  }

  private static java.util.function.Supplier<GeoDatabase> memoized(
      java.util.function.Supplier<GeoDatabase> supplier) {
    return new java.util.function.Supplier<>() {
      private volatile GeoDatabase value;

      @Override
      public GeoDatabase get() {
        GeoDatabase v = value;
        if (v == null) {
          synchronized (this) {
            v = value;
            if (v == null) {
              v = supplier.get();
              value = v;
            }
          }
        }
        return v;
      }
    };
  }

  public GeoDatabase database() {
    return database.get();
  }

  public Filter geo(List<Target> targets) {
    List<List<Object>> key = new ArrayList<>();
    targets.forEach(t -> key.add(List.of(t.index(), t.geo())));
    return new TierFilter(
        Filters.GEO, map(List.of("geo", key), location -> geoTiers(targets, location)));
  }

  /** Route 53's biased distance: distance × (1 − bias/100), so a positive bias draws clients in. */
  public Filter geoproximity(List<Target> targets) {
    List<List<Object>> key = new ArrayList<>();
    targets.forEach(t -> key.add(List.of(t.index(), t.region(), t.bias())));
    return new RankFilter(
        Filters.GEOPROXIMITY,
        map(
            List.of("geoproximity", key),
            location -> {
              double[] distance = new double[targets.size()];
              for (Target t : targets) {
                distance[t.index()] =
                    location.hasCoordinates()
                        ? Countries.distanceKm(
                                location.latitude(),
                                location.longitude(),
                                t.region().latitude(),
                                t.region().longitude())
                            * (1 - t.bias() / 100.0)
                        : 0;
              }
              return denseRanks(distance);
            }));
  }

  public Filter latency(List<Target> targets, List<Region> regions) {
    return new LatencyFilter(
        map(
            List.of("latency", regions),
            location -> {
              if (!location.hasCoordinates()) {
                return Optional.<Region>empty();
              }
              Region nearest = null;
              double best = Double.MAX_VALUE;
              for (Region r : regions) {
                double d =
                    Countries.distanceKm(
                        location.latitude(), location.longitude(), r.latitude(), r.longitude());
                if (d < best) {
                  best = d;
                  nearest = r;
                }
              }
              return Optional.ofNullable(nearest);
            }));
  }

  /**
   * @param networks each named location's networks; a client takes the most specific network that
   *     holds it (longest prefix match)
   */
  public Filter cidr(List<Target> targets, Map<PrefixMaps.Network, String> networks) {
    Map<String, List<List<Integer>>> tiersByLocation = new HashMap<>();
    for (String location : new java.util.HashSet<>(networks.values())) {
      tiersByLocation.put(location, cidrTiers(targets, location));
    }
    Map<PrefixMaps.Network, List<List<Integer>>> byNetwork = new HashMap<>();
    networks.forEach((network, location) -> byNetwork.put(network, tiersByLocation.get(location)));
    return new TierFilter(Filters.CIDR, PrefixMaps.of(byNetwork, cidrTiers(targets, null)));
  }

  /** Targets tagged with the client's location, then the default ones. */
  private static List<List<Integer>> cidrTiers(List<Target> targets, String location) {
    List<Integer> named = new ArrayList<>();
    List<Integer> fallback = new ArrayList<>();
    for (Target t : targets) {
      if (location != null && t.cidr().contains(location)) {
        named.add(t.index());
      }
      if (t.cidr().contains("default")) {
        fallback.add(t.index());
      }
    }
    List<List<Integer>> tiers = new ArrayList<>();
    if (!named.isEmpty()) {
      tiers.add(List.copyOf(named));
    }
    if (!fallback.isEmpty()) {
      tiers.add(List.copyOf(fallback));
    }
    return List.copyOf(tiers);
  }

  /** Per matching level (subdivision, country, continent, default), the targets at that level. */
  static List<List<Integer>> geoTiers(List<Target> targets, Location location) {
    List<List<Integer>> out = new ArrayList<>();
    for (GeoTag.Level level : GeoTag.Level.values()) {
      List<Integer> tier = new ArrayList<>();
      for (Target target : targets) {
        for (GeoTag tag : target.geo()) {
          if (tag.level() == level && tag.matches(location)) {
            tier.add(target.index());
            break;
          }
        }
      }
      if (!tier.isEmpty()) {
        out.add(List.copyOf(tier));
      }
    }
    return List.copyOf(out);
  }

  @SuppressWarnings("unchecked")
  private <T> PrefixMap<T> map(Object key, Function<Location, T> outcome) {
    PrefixMap<?> map = compiled.get(key);
    if (map == null) {
      map = reusable.get(key);
    }
    if (map == null) {
      map = database.get().compile(outcome);
    }
    compiled.put(key, map);
    return (PrefixMap<T>) map;
  }

  /** Ranks with ties sharing a rank: [30, 10, 30] -> [1, 0, 1]. */
  private static List<Integer> denseRanks(double[] values) {
    double[] sorted = java.util.Arrays.stream(values).distinct().sorted().toArray();
    List<Integer> ranks = new ArrayList<>(values.length);
    for (double v : values) {
      ranks.add(java.util.Arrays.binarySearch(sorted, v));
    }
    return List.copyOf(ranks);
  }
}
