package io.meridian.core.snapshot;

import io.meridian.core.config.PolicyConfigs.EndpointConfig;
import io.meridian.core.config.PolicyConfigs.FilterConfig;
import io.meridian.core.config.PolicyConfigs.LocationConfig;
import io.meridian.core.config.PolicyConfigs.Policies;
import io.meridian.core.config.PolicyConfigs.PolicyConfig;
import io.meridian.core.config.PolicyConfigs.PoolConfig;
import io.meridian.core.config.PolicyConfigs.RegionConfig;
import io.meridian.core.config.PolicyConfigs.TargetConfig;
import io.meridian.core.config.Problems;
import io.meridian.core.health.CheckSpec;
import io.meridian.core.health.HealthPlan;
import io.meridian.core.health.StaticHealth;
import io.meridian.core.policy.Endpoint;
import io.meridian.core.policy.Filter;
import io.meridian.core.policy.Filters;
import io.meridian.core.policy.GeoTag;
import io.meridian.core.policy.LocationFilters;
import io.meridian.core.policy.Policy;
import io.meridian.core.policy.PolicySet;
import io.meridian.core.policy.Region;
import io.meridian.core.policy.Target;
import io.meridian.core.policy.WhenAllDown;
import io.meridian.geo.PrefixMaps;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;

/**
 * Compiles regions, pools and policies: endpoints get integer ids (the health view is an array by
 * id), policies are built children first so a policy only ever refers to finished ones (reference
 * cycles are reported, not followed), and shortcuts become chains.
 */
final class PolicyCompiler {

  private final Problems problems;
  private final LocationFilters locationFilters;
  private final Map<String, Region> regions = new LinkedHashMap<>();
  private final Map<String, LocationConfig> locations = new LinkedHashMap<>();
  private final Map<String, Endpoint> endpointsByKey = new LinkedHashMap<>();
  private final Map<String, List<Endpoint>> pools = new LinkedHashMap<>();
  private final List<EndpointConfig> endpointConfigs = new ArrayList<>();
  private final Map<String, PolicyConfig> policyConfigs = new LinkedHashMap<>();
  private final Map<String, Policy> policies = new LinkedHashMap<>();

  /** Policies that failed to build: their problems are reported once, not once per referrer. */
  private final java.util.Set<String> failed = new java.util.HashSet<>();

  private Map<PrefixMaps.Network, String> networks = Map.of();

  private final Map<String, CheckSpec> checks = new LinkedHashMap<>();
  private final List<CheckSpec> checkById = new ArrayList<>();
  private final Map<String, Integer> poolMinHealthy = new LinkedHashMap<>();
  private final Map<String, Integer> regionMinHealthy = new LinkedHashMap<>();

  PolicyCompiler(Problems problems, LocationFilters locationFilters) {
    this.problems = problems;
    this.locationFilters = locationFilters;
  }

  PolicySet compile(Policies config) {
    config.checks().forEach(c -> checks.put(c.name(), c.spec()));
    config.regions().forEach(this::region);
    config.locations().forEach(l -> locations.put(l.name(), l));
    networks = cidrLocations();
    config.pools().forEach(this::pool);
    config.policies().forEach(p -> policyConfigs.put(p.name(), p));
    for (PolicyConfig p : config.policies()) {
      build(p, new ArrayList<>());
    }
    return new PolicySet(
        policies,
        List.copyOf(endpointsByKey.values()),
        configuredHealth(),
        new HealthPlan(checkById, poolMinHealthy, regionMinHealthy));
  }

  private void region(RegionConfig config) {
    String continent = config.continent().orElse(null);
    if (continent != null && GeoTag.parse("continent:" + continent).isEmpty()) {
      problems.add(
          config.path() + ".continent", "'" + continent + "' is not one of AF AN AS EU NA OC SA");
    }
    regions.put(
        config.name(),
        new Region(
            config.name(),
            config.latitude(),
            config.longitude(),
            config.country().orElse(null),
            continent));
    if (config.minHealthy() > 0) {
      regionMinHealthy.put(config.name(), config.minHealthy());
    }
  }

  private void pool(PoolConfig config) {
    List<Endpoint> members = new ArrayList<>();
    for (EndpointConfig e : config.endpoints()) {
      String key = config.name() + "/" + e.name();
      if (endpointsByKey.containsKey(key)) {
        problems.add(
            e.path() + ".name",
            "endpoint '" + e.name() + "' appears twice in pool " + config.name());
        continue;
      }
      Region region = null;
      if (e.region().isPresent()) {
        region = regions.get(e.region().get());
        if (region == null) {
          problems.add(
              e.path() + ".region", "unknown region '" + e.region().get() + "'" + known(regions));
        }
      }
      for (String r : e.rttMillis().keySet()) {
        if (!regions.containsKey(r)) {
          problems.add(e.path() + ".rtt_ms." + r, "unknown region '" + r + "'" + known(regions));
        }
      }
      Endpoint endpoint =
          new Endpoint(
              endpointsByKey.size(),
              key,
              region,
              addresses(e.addresses(), e.path()),
              cname(e.cname(), e.path()),
              e.weight(),
              e.priority(),
              e.enabled());
      endpointsByKey.put(key, endpoint);
      endpointConfigs.add(e);
      checkById.add(check(e));
      members.add(endpoint);
    }
    pools.put(config.name(), members);
    if (config.minHealthy() > config.endpoints().size()) {
      problems.add(
          config.path() + ".min_healthy",
          "is "
              + config.minHealthy()
              + " but the pool has only "
              + config.endpoints().size()
              + " endpoints, so it could never be healthy");
    } else if (config.minHealthy() > 0) {
      poolMinHealthy.put(config.name(), config.minHealthy());
    }
  }

  /** The check type that probes {@code e} (its own, else its pool's), or null. */
  private CheckSpec check(EndpointConfig e) {
    if (e.check().isEmpty()) {
      return null;
    }
    CheckSpec spec = checks.get(e.check().get());
    if (spec == null) {
      problems.add(
          e.path() + ".check", "unknown check '" + e.check().get() + "'" + known(checks));
    } else if (e.cname().isPresent()) {
      problems.add(
          e.path() + ".check",
          "a cname endpoint has no address to probe; check the endpoints the name leads to");
      return null;
    }
    return spec;
  }

  private List<InetAddress> addresses(List<String> texts, String path) {
    List<InetAddress> out = new ArrayList<>();
    for (String text : texts) {
      InetAddress address = literal(text);
      if (address == null) {
        problems.add(path, "'" + text + "' is not an IPv4 or IPv6 address");
      } else {
        out.add(address);
      }
    }
    return out;
  }

  static InetAddress literal(String text) {
    int family = text.indexOf(':') >= 0 ? Address.IPv6 : Address.IPv4;
    byte[] bytes = Address.toByteArray(text.trim(), family);
    try {
      return bytes == null ? null : InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }

  private Name cname(Optional<String> text, String path) {
    if (text.isEmpty()) {
      return null;
    }
    String t = text.get().trim();
    return NameParser.parse(t.endsWith(".") ? t : t + ".", Name.root, path + ".cname", problems);
  }

  /** Builds {@code config} after the policies it names; {@code stack} is the path that led here. */
  private Policy build(PolicyConfig config, List<String> stack) {
    Policy built = policies.get(config.name());
    if (built != null) {
      return built;
    }
    if (failed.contains(config.name())) {
      return null;
    }
    if (stack.contains(config.name())) {
      List<String> cycle =
          new ArrayList<>(stack.subList(stack.indexOf(config.name()), stack.size()));
      cycle.add(config.name());
      problems.add(
          config.path(), "policies refer to each other in a cycle: " + String.join(" -> ", cycle));
      return null;
    }
    stack.add(config.name());
    List<Target> targets = new ArrayList<>();
    boolean complete = true;
    for (TargetConfig t : config.targets()) {
      complete &= targets(t, targets, stack);
    }
    stack.remove(stack.size() - 1);
    List<Filter> chain = chain(config, targets);
    WhenAllDown whenAllDown = WhenAllDown.valueOf(config.whenAllDown().toUpperCase(Locale.ROOT));
    List<Endpoint> fallback = new ArrayList<>();
    List<InetAddress> fallbackAddresses = addresses(config.fallback(), config.path() + ".fallback");
    if (!fallbackAddresses.isEmpty()) {
      fallback.add(
          new Endpoint(-1, config.name() + "/fallback", null, fallbackAddresses, null, 1, 1, true));
    }
    if (!complete || chain == null) {
      failed.add(config.name());
      return null;
    }
    Policy policy =
        new Policy(policies.size(), config.name(), targets, chain, whenAllDown, fallback);
    policies.put(config.name(), policy);
    return policy;
  }

  /** Adds the targets {@code config} stands for (a pool stands for each of its endpoints). */
  private boolean targets(TargetConfig config, List<Target> out, List<String> stack) {
    List<GeoTag> geo = new ArrayList<>();
    for (int i = 0; i < config.geo().size(); i++) {
      String text = config.geo().get(i);
      Optional<GeoTag> tag = GeoTag.parse(text);
      if (tag.isEmpty()) {
        problems.add(
            config.path() + ".geo[" + i + "]",
            "'"
                + text
                + "' is not a location: use a country"
                + " (DE), a subdivision (US-CA), continent:EU (AF AN AS EU NA OC SA) or default");
      }
      tag.ifPresent(geo::add);
    }
    for (int i = 0; i < config.cidr().size(); i++) {
      String name = config.cidr().get(i);
      if (!name.equals("default") && !locations.containsKey(name)) {
        problems.add(
            config.path() + ".cidr[" + i + "]",
            "unknown location '" + name + "'" + known(locations));
      }
    }
    Region region = null;
    if (config.region().isPresent()) {
      region = regions.get(config.region().get());
      if (region == null) {
        problems.add(
            config.path() + ".region",
            "unknown region '" + config.region().get() + "'" + known(regions));
      }
    }
    switch (config.kind()) {
      case ENDPOINT -> {
        Endpoint e = endpointsByKey.get(config.ref());
        if (e == null) {
          problems.add(
              config.path() + ".endpoint",
              "unknown endpoint '" + config.ref() + "' (write pool/name)" + known(endpointsByKey));
          return false;
        }
        out.add(target(out.size(), e.key(), e, null, config, geo, region));
      }
      case POOL -> {
        List<Endpoint> members = pools.get(config.ref());
        if (members == null) {
          problems.add(
              config.path() + ".pool", "unknown pool '" + config.ref() + "'" + known(pools));
          return false;
        }
        for (Endpoint e : members) {
          out.add(target(out.size(), e.key(), e, null, config, geo, region));
        }
      }
      case POLICY -> {
        PolicyConfig child = policyConfigs.get(config.ref());
        if (child == null) {
          problems.add(
              config.path() + ".policy",
              "unknown policy '" + config.ref() + "'" + known(policyConfigs));
          return false;
        }
        Policy built = build(child, stack);
        if (built == null) {
          return false;
        }
        out.add(target(out.size(), "policy:" + built.name(), null, built, config, geo, region));
      }
      default -> throw new IllegalStateException(config.kind().toString());
    }
    return true;
  }

  private static Target target(
      int index,
      String label,
      Endpoint endpoint,
      Policy policy,
      TargetConfig config,
      List<GeoTag> geo,
      Region region) {
    int weight = config.weight().orElse(endpoint != null ? endpoint.weight() : 1);
    int priority = config.priority().orElse(endpoint != null ? endpoint.priority() : 1);
    Region where = region != null ? region : endpoint != null ? endpoint.region() : null;
    return new Target(
        index, label, endpoint, policy, weight, priority, geo, config.cidr(), where, config.bias());
  }

  /** The policy's filters, or null after reporting why they cannot be built. */
  private List<Filter> chain(PolicyConfig config, List<Target> targets) {
    List<String> names;
    List<FilterConfig> steps;
    if (config.routing().isPresent()) {
      String routing = config.routing().get();
      if (!Filters.ROUTINGS.contains(routing)) {
        problems.add(
            config.path() + ".routing",
            "unknown routing '"
                + routing
                + "' (expected one of: "
                + String.join(", ", Filters.ROUTINGS)
                + ")");
        return null;
      }
      names = Filters.chainOf(routing);
      steps =
          names.stream()
              .map(n -> new FilterConfig(config.path() + ".routing", n, Optional.empty()))
              .toList();
    } else {
      steps = config.chain();
    }
    List<Filter> chain = new ArrayList<>();
    int before = problems.list().size();
    for (FilterConfig step : steps) {
      Filter filter = filter(step, config, targets);
      if (filter != null) {
        chain.add(filter);
      }
    }
    return problems.list().size() == before ? chain : null;
  }

  private Filter filter(FilterConfig step, PolicyConfig policy, List<Target> targets) {
    String where = step.path();
    switch (step.name()) {
      case "up":
        return Filters.up();
      case "priority":
        return Filters.priority();
      case "weighted":
        return Filters.weighted();
      case "headroom":
        for (Target t : targets) {
          if (t.region() == null) {
            problems.add(where, "headroom needs a region for every target; " + t.label() + " has none");
            return null;
          }
        }
        return Filters.headroom();
      case "first-n":
        return Filters.firstN(step.n().orElse(policy.maxAnswers()));
      case "geo":
        return geo(where, policy, targets);
      case "geoproximity":
      case "latency":
        for (Target t : targets) {
          if (t.region() == null) {
            problems.add(
                where,
                step.name() + " needs a region for every target; " + t.label() + " has none");
            return null;
          }
        }
        return step.name().equals("latency")
            ? locationFilters.latency(targets, List.copyOf(regions.values()))
            : locationFilters.geoproximity(targets);
      case "cidr":
        for (Target t : targets) {
          if (t.cidr().isEmpty()) {
            problems.add(
                where, "cidr needs 'cidr' locations on every target; " + t.label() + " has none");
            return null;
          }
        }
        return locationFilters.cidr(targets, networks);
      default:
        problems.add(
            where,
            "unknown filter '"
                + step.name()
                + "' (expected one of: "
                + String.join(", ", Filters.NAMES)
                + ")");
        return null;
    }
  }

  private Filter geo(String where, PolicyConfig policy, List<Target> targets) {
    boolean hasDefault = false;
    List<String> covered = new ArrayList<>();
    for (Target t : targets) {
      if (t.geo().isEmpty()) {
        problems.add(
            where, "geo needs 'geo' locations on every target; " + t.label() + " has none");
        return null;
      }
      hasDefault |= t.geo().contains(GeoTag.DEFAULT);
      t.geo().forEach(g -> covered.add(g.toString()));
    }
    if (!hasDefault && !policy.unmappedNodata()) {
      problems.add(
          policy.path(),
          "geolocation leaves clients outside "
              + covered.stream().distinct().toList()
              + " unmapped (they would get NODATA): add a target with geo: [default], or set"
              + " 'unmapped: nodata' to accept that");
      return null;
    }
    return locationFilters.geo(targets);
  }

  /** Every network of every named location; a network named twice keeps the later name. */
  private Map<PrefixMaps.Network, String> cidrLocations() {
    Map<PrefixMaps.Network, String> out = new LinkedHashMap<>();
    locations.forEach(
        (name, l) -> {
          for (int i = 0; i < l.prefixes().size(); i++) {
            PrefixMaps.Network network = network(l.prefixes().get(i), l.path() + "[" + i + "]");
            if (network != null) {
              out.put(network, name);
            }
          }
        });
    return out;
  }

  /** {@code 10.0.0.0/8} or {@code 2001:db8::/32}; host bits must be zero, as in a route. */
  private PrefixMaps.Network network(String text, String path) {
    int slash = text.indexOf('/');
    InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
    int bits = address == null ? 0 : address.getAddress().length * 8;
    int length = -1;
    try {
      length = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      // reported below
    }
    if (address == null || length < 0 || length > bits) {
      problems.add(path, "'" + text + "' is not a network such as 10.0.0.0/8 or 2001:db8::/32");
      return null;
    }
    if (!Address.truncate(address, length).equals(address)) {
      problems.add(
          path,
          "'"
              + text
              + "' has host bits set; the network is "
              + Address.truncate(address, length).getHostAddress()
              + "/"
              + length);
      return null;
    }
    return new PrefixMaps.Network(address.getAddress(), length);
  }

  private StaticHealth configuredHealth() {
    int n = endpointConfigs.size();
    boolean[] up = new boolean[n];
    Map<String, double[]> rtt = new HashMap<>();
    for (int id = 0; id < n; id++) {
      EndpointConfig e = endpointConfigs.get(id);
      up[id] = e.up();
      for (Map.Entry<String, Double> r : e.rttMillis().entrySet()) {
        double[] row =
            rtt.computeIfAbsent(
                r.getKey(),
                k -> {
                  double[] fresh = new double[n];
                  Arrays.fill(fresh, Double.NaN);
                  return fresh;
                });
        row[id] = r.getValue();
      }
    }
    return new StaticHealth(up, rtt);
  }

  private static String known(Map<String, ?> names) {
    return names.isEmpty()
        ? " (none defined)"
        : " (known: " + String.join(", ", names.keySet()) + ")";
  }
}
