package io.meridian.core.policy;

import static io.meridian.geo.MmdbWriter.city;

import io.meridian.core.health.HealthView;
import io.meridian.core.health.StaticHealth;
import io.meridian.geo.GeoDatabase;
import io.meridian.geo.GeoDatabases;
import io.meridian.geo.MmdbWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Name;

/**
 * Builders for filter and policy tests: endpoints, targets, health, query contexts, and a small
 * City-schema geo database with known networks.
 */
final class PolicyFixtures {

  private PolicyFixtures() {}

  // ---- regions (the gslb example's, plus one with no endpoints)

  static final Region EU_WEST = new Region("eu-west", 53.35, -6.26, "IE", "EU");
  static final Region US_EAST = new Region("us-east", 38.90, -77.04, "US", "NA");
  static final Region AP_SOUTH = new Region("ap-south", 19.08, 72.88, "IN", "AS");
  static final Region SA_EAST = new Region("sa-east", -23.55, -46.63, "BR", "SA");

  // ---- clients of the test City database (see cityDatabase)

  static final String SAN_FRANCISCO = "10.1.0.1"; // NA US US-CA
  static final String NEW_YORK = "10.2.0.1"; // NA US US-NY
  static final String HOUSTON = "10.3.0.1"; // NA US US-TX
  static final String MONTREAL = "10.4.0.1"; // NA CA CA-QC
  static final String LONDON = "10.5.0.1"; // EU GB GB-ENG
  static final String BERLIN = "10.6.0.1"; // EU DE DE-BE
  static final String MUMBAI = "10.7.0.1"; // AS IN IN-MH
  static final String REYKJAVIK = "10.8.0.1"; // EU IS
  static final String SAO_PAULO = "10.9.0.1"; // SA BR BR-SP
  static final String KANSAS = "10.10.0.1"; // NA US, no subdivision
  static final String SAN_FRANCISCO_V6 = "2001:db8:1::1";
  static final String NEW_YORK_V6 = "2001:db8:2::1";
  static final String LONDON_V6 = "2001:db8:5::1";
  static final String NOWHERE = "192.0.2.1"; // no network of the database
  static final String NOWHERE_V6 = "2001:db8:ffff::1";

  /**
   * An IPv6 City database (IPv4 in {@code ::/96}, aliased as MaxMind writers do): one /16 (IPv4) or
   * /48 (IPv6) per client constant above, at the city's coordinates.
   */
  static GeoDatabase cityDatabase(Path dir) {
    try {
      return GeoDatabases.open(
          new MmdbWriter("Test-City", 6)
              .insert("10.1.0.0/16", city("NA", "US", "CA", 37.77, -122.42))
              .insert("10.2.0.0/16", city("NA", "US", "NY", 40.71, -74.01))
              .insert("10.3.0.0/16", city("NA", "US", "TX", 29.76, -95.37))
              .insert("10.4.0.0/16", city("NA", "CA", "QC", 45.50, -73.57))
              .insert("10.5.0.0/16", city("EU", "GB", "ENG", 51.51, -0.13))
              .insert("10.6.0.0/16", city("EU", "DE", "BE", 52.52, 13.40))
              .insert("10.7.0.0/16", city("AS", "IN", "MH", 19.08, 72.88))
              .insert("10.8.0.0/16", city("EU", "IS", "1", 64.15, -21.94))
              .insert("10.9.0.0/16", city("SA", "BR", "SP", -23.55, -46.63))
              .insert("10.10.0.0/16", city("NA", "US", null, 38.0, -97.0))
              .insert("2001:db8:1::/48", city("NA", "US", "CA", 37.77, -122.42))
              .insert("2001:db8:2::/48", city("NA", "US", "NY", 40.71, -74.01))
              .insert("2001:db8:5::/48", city("EU", "GB", "ENG", 51.51, -0.13))
              .aliasIpv4()
              .writeTo(dir.resolve("test-city.mmdb")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- endpoints and targets

  static Endpoint endpoint(int id, String key, Region region, String... addresses) {
    return new Endpoint(id, key, region, addresses(addresses), null, 1, 1, true);
  }

  static Endpoint endpoint(int id, String key, String... addresses) {
    return endpoint(id, key, null, addresses);
  }

  static Endpoint cnameEndpoint(int id, String key, String target) {
    return new Endpoint(id, key, null, List.of(), Name.fromConstantString(target), 1, 1, true);
  }

  static Endpoint disabled(Endpoint e) {
    return new Endpoint(
        e.id(), e.key(), e.region(), e.addresses(), e.cname(), e.weight(), e.priority(), false);
  }

  /** A target under construction; {@link #targets} numbers them. */
  static final class T {
    final Endpoint endpoint;
    final Policy policy;
    int weight = 1;
    int priority = 1;
    List<GeoTag> geo = List.of();
    List<String> cidr = List.of();
    Region region;
    int bias;

    private T(Endpoint endpoint, Policy policy) {
      this.endpoint = endpoint;
      this.policy = policy;
      this.region = endpoint != null ? endpoint.region() : null;
    }

    T weight(int w) {
      weight = w;
      return this;
    }

    T priority(int p) {
      priority = p;
      return this;
    }

    T geo(String... tags) {
      geo =
          Arrays.stream(tags)
              .map(s -> GeoTag.parse(s).orElseThrow(() -> new IllegalArgumentException(s)))
              .toList();
      return this;
    }

    T cidr(String... locations) {
      cidr = List.of(locations);
      return this;
    }

    T region(Region r) {
      region = r;
      return this;
    }

    T bias(int b) {
      bias = b;
      return this;
    }

    Target build(int index) {
      String label = endpoint != null ? endpoint.key() : "policy:" + policy.name();
      return new Target(index, label, endpoint, policy, weight, priority, geo, cidr, region, bias);
    }
  }

  static T to(Endpoint endpoint) {
    return new T(endpoint, null);
  }

  static T to(Policy policy) {
    return new T(null, policy);
  }

  static List<Target> targets(T... builders) {
    List<Target> out = new ArrayList<>();
    for (T b : builders) {
      out.add(b.build(out.size()));
    }
    return List.copyOf(out);
  }

  static List<String> labels(List<Target> targets) {
    return targets.stream().map(Target::label).toList();
  }

  static List<String> keys(Decision decision) {
    return decision.endpoints().stream().map(Endpoint::key).toList();
  }

  // ---- health

  /** Every endpoint id below {@code count} up except {@code down}. */
  static StaticHealth healthWithDown(int count, int... down) {
    boolean[] up = new boolean[count];
    Arrays.fill(up, true);
    for (int id : down) {
      up[id] = false;
    }
    return new StaticHealth(up, Map.of());
  }

  static StaticHealth allUp(int count) {
    return healthWithDown(count);
  }

  // ---- queries

  static byte[] bytes(String literal) {
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  /** A query from {@code client} (its whole address known) for A or AAAA. */
  static QueryContext query(String client, Endpoint.AddressFamily family, HealthView health) {
    return query(client, family, health, 1, null);
  }

  static QueryContext query(
      String client, Endpoint.AddressFamily family, HealthView health, long seed, Trace trace) {
    byte[] address = bytes(client);
    return new QueryContext(address, address.length * 8, family, health, random(seed), trace, 64);
  }

  static QueryContext query(
      String client, Endpoint.AddressFamily family, HealthView health, RandomGenerator random) {
    byte[] address = bytes(client);
    return new QueryContext(address, address.length * 8, family, health, random, null, 64);
  }

  static QueryContext query(String client, HealthView health) {
    return query(client, Endpoint.AddressFamily.IPV4, health);
  }

  static RandomGenerator random(long seed) {
    return new SplittableRandom(seed);
  }

  /** A policy that only runs {@code chain}, to apply a filter through a real {@link Evaluation}. */
  static Policy policy(
      int id, String name, List<Target> targets, WhenAllDown mode, Filter... chain) {
    return new Policy(id, name, targets, List.of(chain), mode, List.of());
  }

  /** What {@code filter} keeps of {@code targets} (all of them candidates) for {@code query}. */
  static List<Target> apply(Filter filter, List<Target> targets, QueryContext query) {
    return apply(filter, targets, targets, query);
  }

  /**
   * What {@code filter} keeps of {@code candidates}, a subset of a policy's {@code targets} (what
   * earlier steps left), for {@code query}.
   */
  static List<Target> apply(
      Filter filter, List<Target> targets, List<Target> candidates, QueryContext query) {
    Policy policy = policy(63, "under-test", targets, WhenAllDown.OPEN, filter);
    return filter.apply(candidates, new Evaluation(policy, query));
  }

  private static List<InetAddress> addresses(String... literals) {
    List<InetAddress> out = new ArrayList<>();
    for (String l : literals) {
      try {
        out.add(InetAddress.getByName(l));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(l, e);
      }
    }
    return out;
  }

  // ---- whole configurations

  /**
   * Reads and compiles {@code yaml}; relative paths (geoip.database) resolve against {@code dir}.
   */
  static io.meridian.core.snapshot.Snapshot compile(String yaml, Path dir) {
    try {
      return new io.meridian.core.snapshot.SnapshotCompiler(
              java.time.Clock.fixed(
                  java.time.Instant.ofEpochSecond(1_700_000_000L), java.time.ZoneOffset.UTC))
          .compile(io.meridian.core.config.ConfigReader.read(yaml, "test.yaml", dir), null);
    } catch (io.meridian.core.config.InvalidConfigException e) {
      throw new AssertionError(e.getMessage() + "\n" + yaml, e);
    }
  }

  static Policy policyNamed(io.meridian.core.snapshot.Snapshot snapshot, String name) {
    Policy policy = snapshot.policies().byName().get(name);
    if (policy == null) {
      throw new AssertionError(
          "no policy " + name + " in " + snapshot.policies().byName().keySet());
    }
    return policy;
  }

  /** Health for a compiled snapshot: every endpoint up except the {@code pool/name} keys given. */
  static StaticHealth healthDown(
      io.meridian.core.snapshot.Snapshot snapshot,
      java.util.Collection<String> down,
      Map<String, double[]> rtt) {
    List<Endpoint> endpoints = snapshot.policies().endpoints();
    List<String> known = endpoints.stream().map(Endpoint::key).toList();
    if (!known.containsAll(down)) {
      throw new AssertionError("unknown endpoints in " + down + "; known " + known);
    }
    boolean[] up = new boolean[endpoints.size()];
    for (Endpoint e : endpoints) {
      up[e.id()] = !down.contains(e.key());
    }
    return new StaticHealth(up, rtt);
  }

  static QueryContext query(
      io.meridian.core.snapshot.Snapshot snapshot,
      String client,
      Endpoint.AddressFamily family,
      HealthView health,
      long seed,
      Trace trace) {
    byte[] address = bytes(client);
    return new QueryContext(
        address,
        address.length * 8,
        family,
        health,
        random(seed),
        trace,
        snapshot.policies().count());
  }
}
