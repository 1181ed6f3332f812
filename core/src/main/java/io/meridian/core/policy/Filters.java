package io.meridian.core.policy;

import java.util.List;

/**
 * Makes filters by name, and the chains that Route 53-style shortcuts stand for. A shortcut and its
 * chain are the same thing: {@code routing: weighted} is {@code chain: [up, weighted]}.
 */
public final class Filters {

  /** The filter names a chain may use. */
  public static final List<String> NAMES =
      List.of(
          UpFilter.NAME,
          Filters.GEO,
          Filters.GEOPROXIMITY,
          LatencyFilter.NAME,
          Filters.CIDR,
          PriorityFilter.NAME,
          WeightedFilter.NAME,
          FirstNFilter.NAME,
          HeadroomFilter.NAME);

  static final String GEO = "geo";
  static final String GEOPROXIMITY = "geoproximity";
  static final String CIDR = "cidr";

  /** The shortcut names. */
  public static final List<String> ROUTINGS =
      List.of(
          "simple",
          "failover",
          "weighted",
          "geolocation",
          "geoproximity",
          "latency",
          "multivalue",
          "ip");

  private Filters() {}

  /** The chain a shortcut stands for, as filter names. */
  public static List<String> chainOf(String routing) {
    return switch (routing) {
      case "simple" -> List.of();
      case "failover" -> List.of(UpFilter.NAME, PriorityFilter.NAME);
      case "weighted" -> List.of(UpFilter.NAME, WeightedFilter.NAME);
      case "geolocation" -> List.of(UpFilter.NAME, Filters.GEO);
      case "geoproximity" -> List.of(UpFilter.NAME, Filters.GEOPROXIMITY);
      case "latency" -> List.of(UpFilter.NAME, LatencyFilter.NAME);
      case "multivalue" -> List.of(UpFilter.NAME, FirstNFilter.NAME);
      case "ip" -> List.of(UpFilter.NAME, Filters.CIDR);
      default -> throw new IllegalArgumentException("unknown routing '" + routing + "'");
    };
  }

  public static Filter up() {
    return new UpFilter();
  }

  public static Filter priority() {
    return new PriorityFilter();
  }

  public static Filter weighted() {
    return new WeightedFilter();
  }

  public static Filter headroom() {
    return new HeadroomFilter();
  }

  public static Filter firstN(int n) {
    return new FirstNFilter(n);
  }
}
