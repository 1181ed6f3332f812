package io.meridian.core.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The traffic-policy part of a document as written: regions, named client networks, pools of
 * endpoints and policies. Every record carries its document path for problem messages.
 */
public final class PolicyConfigs {

  private PolicyConfigs() {}

  /**
   * Where endpoints run; {@code latitude}/{@code longitude} place it for geoproximity and latency.
   */
  public record RegionConfig(
      String path,
      String name,
      double latitude,
      double longitude,
      Optional<String> country,
      Optional<String> continent,
      int minHealthy) {}

  /** A named set of client networks for {@code ip}/{@code cidr} routing. */
  public record LocationConfig(String path, String name, List<String> prefixes) {
    public LocationConfig {
      prefixes = List.copyOf(prefixes);
    }
  }

  /**
   * @param up configured health until health agents observe the endpoint
   * @param rttMillis configured round-trip times from regions, until agents measure them
   * @param check the check type probing it: its own, else its pool's; empty when not probed
   */
  public record EndpointConfig(
      String path,
      String name,
      List<String> addresses,
      Optional<String> cname,
      Optional<String> region,
      int weight,
      int priority,
      boolean enabled,
      boolean up,
      Map<String, Double> rttMillis,
      Optional<String> check) {
    public EndpointConfig {
      addresses = List.copyOf(addresses);
      rttMillis = Map.copyOf(rttMillis);
    }
  }

  /**
   * @param minHealthy calculated health: with fewer healthy endpoints the whole pool counts as
   *     down (0: off)
   */
  public record PoolConfig(
      String path, String name, List<EndpointConfig> endpoints, int minHealthy) {
    public PoolConfig {
      endpoints = List.copyOf(endpoints);
    }
  }

  /**
   * What a target refers to: {@code endpoint: pool/name}, {@code pool: name} or {@code policy:
   * name}.
   */
  public enum TargetKind {
    ENDPOINT,
    POOL,
    POLICY
  }

  /** A candidate of a policy; weight and priority default to the endpoint's own. */
  public record TargetConfig(
      String path,
      TargetKind kind,
      String ref,
      Optional<Integer> weight,
      Optional<Integer> priority,
      List<String> geo,
      List<String> cidr,
      Optional<String> region,
      int bias) {
    public TargetConfig {
      geo = List.copyOf(geo);
      cidr = List.copyOf(cidr);
    }
  }

  /** One step of an explicit chain, e.g. {@code first-n} with {@code n: 2}. */
  public record FilterConfig(String path, String name, Optional<Integer> n) {}

  /**
   * @param routing a Route 53-style shortcut; empty when {@code chain} is given
   * @param unmappedNodata the author accepts NODATA for clients no geo target covers
   * @param maxAnswers how many answers multivalue gives
   * @param rto the recovery-time objective: the predicted worst-case failover time of every name
   *     answered by this policy must not exceed it
   */
  public record PolicyConfig(
      String path,
      String name,
      Optional<String> routing,
      List<FilterConfig> chain,
      String whenAllDown,
      List<String> fallback,
      boolean unmappedNodata,
      int maxAnswers,
      Optional<java.time.Duration> rto,
      List<TargetConfig> targets) {
    public PolicyConfig {
      chain = List.copyOf(chain);
      fallback = List.copyOf(fallback);
      targets = List.copyOf(targets);
    }
  }

  /** A named check type as written; the spec is already validated. */
  public record CheckConfig(String path, String name, io.meridian.core.health.CheckSpec spec) {}

  /** The whole policy part of a document. */
  public record Policies(
      Optional<String> geoDatabase,
      List<CheckConfig> checks,
      List<RegionConfig> regions,
      List<LocationConfig> locations,
      List<PoolConfig> pools,
      List<PolicyConfig> policies) {
    public static final Policies NONE =
        new Policies(Optional.empty(), List.of(), List.of(), List.of(), List.of(), List.of());

    public Policies {
      checks = List.copyOf(checks);
      regions = List.copyOf(regions);
      locations = List.copyOf(locations);
      pools = List.copyOf(pools);
      policies = List.copyOf(policies);
    }
  }
}
