package io.meridian.core.snapshot;

import io.meridian.core.config.InvalidConfigException;
import io.meridian.core.config.MeridianConfig;
import io.meridian.core.config.Problems;
import io.meridian.core.config.ZoneConfig;
import io.meridian.core.policy.LocationFilters;
import io.meridian.core.policy.PolicySet;
import io.meridian.geo.GeoDatabase;
import io.meridian.geo.GeoDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/**
 * Compiles a configuration into a {@link Snapshot}, or rejects it with every problem found. The
 * previous snapshot (if any) decides serials; it is never modified.
 */
public final class SnapshotCompiler {

  /** More hops than any sane alias chain; resolvers give up around here too. */
  static final int MAX_CNAME_CHAIN = 16;

  private final Clock clock;

  public SnapshotCompiler(Clock clock) {
    this.clock = clock;
  }

  public Snapshot compile(MeridianConfig config, Snapshot previous) throws InvalidConfigException {
    Problems problems = new Problems(config.source().lines()::lineOf);
    ZoneSet previousZones = previous == null ? new ZoneSet(Map.of()) : previous.zones();
    LocationFilters locations = geo(config, problems, previous);
    PolicySet policies = new PolicyCompiler(problems, locations).compile(config.policies());
    Set<String> declared = new HashSet<>();
    config.policies().policies().forEach(p -> declared.add(p.name()));
    ZoneCompiler compiler =
        new ZoneCompiler(
            problems,
            config.source().baseDir(),
            clock.instant().getEpochSecond(),
            policies,
            declared);
    Map<Name, Zone> zones = new HashMap<>();
    Map<Name, String> pathOf = new HashMap<>();
    for (ZoneConfig zoneConfig : config.zones()) {
      Name apex = NameParser.zone(zoneConfig.name(), zoneConfig.path() + ".name", problems);
      if (apex == null) {
        continue;
      }
      if (pathOf.containsKey(apex)) {
        problems.add(
            zoneConfig.path() + ".name",
            "zone " + apex + " is already defined at " + pathOf.get(apex));
        continue;
      }
      pathOf.put(apex, zoneConfig.path());
      Zone zone = compiler.compile(zoneConfig, apex, previousZones);
      if (zone != null) {
        zones.put(apex, zone);
      }
    }
    ZoneSet zoneSet = new ZoneSet(zones);
    if (problems.isEmpty()) {
      checkAliasLoops(zoneSet, pathOf, problems);
      checkRecoveryObjectives(config, zoneSet, policies, problems);
    }
    locations.sealed();
    problems.throwIfAny(config.source().name());
    long version = previous == null ? 1 : previous.version() + 1;
    return new Snapshot(
        version, zoneSet, config.server(), policies, locations, config.cluster(), config.health(),
        config.admin(), config.metrics());
  }

  /**
   * A policy's {@code rto} holds for every name it answers: the predicted worst case (checks'
   * interval x fall + timeout, propagation, the record's TTL) must not exceed it.
   */
  private static void checkRecoveryObjectives(
      MeridianConfig config, ZoneSet zones, PolicySet policies, Problems problems) {
    for (var p : config.policies().policies()) {
      if (p.rto().isEmpty() || p.rto().get().isZero()) {
        continue;
      }
      java.time.Duration rto = p.rto().get();
      for (Zone zone : zones.all()) {
        for (Name name : zone.policyNames()) {
          if (!(zone.lookup(name, org.xbill.DNS.Type.A) instanceof Lookup.Dynamic d)
              || !d.binding().policy().name().equals(p.name())) {
            continue;
          }
          io.meridian.core.health.FailoverEstimate estimate =
              io.meridian.core.health.FailoverEstimate.of(d.binding().policy(), d.binding().ttl(),
                  policies.healthPlan(), config.health());
          boolean unwatched = estimate.unchecked() == estimate.endpoints().size();
          if (unwatched || estimate.total().compareTo(rto) > 0) {
            problems.add(p.path() + ".rto", "rto " + rto.toMillis() / 1000.0 + " s is not met by "
                + name + ": " + estimate);
          }
        }
      }
    }
  }

  /**
   * The geo database and its compiled maps: the previous snapshot's when the database is the same
   * (the bundled one, or the same file, size and modification time), else the configured file,
   * opened now so that a bad path is a problem of this configuration, or the bundled default,
   * loaded only if a policy needs it.
   */
  private static LocationFilters geo(MeridianConfig config, Problems problems, Snapshot previous) {
    LocationFilters before = previous == null ? null : previous.locations();
    Optional<String> configured = config.policies().geoDatabase();
    if (configured.isEmpty()) {
      return new LocationFilters("bundled", GeoDatabases::bundled, before);
    }
    Path file = config.source().baseDir().resolve(configured.get()).toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      problems.add("geoip.database", "cannot use " + file + ": does not exist or is not a file");
      return new LocationFilters(null, GeoDatabases::bundled, null);
    }
    try {
      String source = "file:" + file + ":" + Files.size(file) + ":" + Files.getLastModifiedTime(file);
      if (before != null && source.equals(before.source())) {
        return new LocationFilters(source, null, before);
      }
      GeoDatabase database = GeoDatabases.open(file);
      return new LocationFilters(source, () -> database, before);
    } catch (IOException | RuntimeException e) {
      problems.add("geoip.database", "cannot use " + file + ": " + e.getMessage());
      return new LocationFilters(null, GeoDatabases::bundled, null);
    }
  }


  /** Alias chains that never end would make every answer fail; gdnsd leaves this undetected. */
  private static void checkAliasLoops(ZoneSet zones, Map<Name, String> pathOf, Problems problems) {
    Set<Set<Name>> reported = new java.util.HashSet<>();
    for (Zone zone : zones.all()) {
      for (RRset rrset : zone.allRRsets()) {
        if (rrset.getType() != Type.CNAME) {
          continue;
        }
        List<Name> chain = new ArrayList<>(List.of(rrset.getName()));
        Name target = ((CNAMERecord) rrset.first()).getTarget();
        while (chain.size() <= MAX_CNAME_CHAIN) {
          if (chain.contains(target)) {
            chain.add(target);
            if (reported.add(new LinkedHashSet<>(chain))) {
              problems.add(
                  pathOf.get(zone.apex()),
                  "CNAME chain loops: "
                      + String.join(" -> ", chain.stream().map(Name::toString).toList()));
            }
            break;
          }
          Zone next = zones.find(target);
          if (next == null || !(next.lookup(target, Type.A) instanceof Lookup.Alias alias)) {
            break;
          }
          chain.add(target);
          target = ((CNAMERecord) alias.cname().first()).getTarget();
        }
        if (chain.size() > MAX_CNAME_CHAIN) {
          problems.add(
              pathOf.get(zone.apex()),
              "CNAME chain from '"
                  + rrset.getName()
                  + "' is longer than "
                  + MAX_CNAME_CHAIN
                  + " names");
        }
      }
    }
  }
}
