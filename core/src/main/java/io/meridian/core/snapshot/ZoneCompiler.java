package io.meridian.core.snapshot;

import io.meridian.core.config.Problems;
import io.meridian.core.config.RecordConfig;
import io.meridian.core.config.SoaConfig;
import io.meridian.core.config.ZoneConfig;
import io.meridian.core.policy.Policy;
import io.meridian.core.policy.PolicySet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Compiles one zone: reads its records (inline or from a master file), checks that they make a zone
 * that can be served and delegated to, chooses the serial, and builds the {@link Zone}.
 */
final class ZoneCompiler {

  private static final Set<Integer> ALLOWED_AT_CUT = Set.of(Type.NS, Type.DS, Type.A, Type.AAAA);
  private static final Set<Integer> GLUE = Set.of(Type.A, Type.AAAA);

  private final Problems problems;
  private final Path baseDir;
  private final long nowEpochSeconds;
  private final PolicySet policies;
  private final Set<String> declaredPolicies;

  /**
   * @param policies the compiled policies names may be bound to
   * @param declaredPolicies every policy the document declares, compiled or not: a name bound to a
   *     policy that failed to compile is not reported again as unknown
   */
  ZoneCompiler(
      Problems problems,
      Path baseDir,
      long nowEpochSeconds,
      PolicySet policies,
      Set<String> declaredPolicies) {
    this.problems = problems;
    this.baseDir = baseDir;
    this.nowEpochSeconds = nowEpochSeconds;
    this.policies = policies;
    this.declaredPolicies = declaredPolicies;
  }

  /**
   * @return the zone, or null when it has problems (all of them reported)
   */
  Zone compile(ZoneConfig config, Name apex, ZoneSet previous) {
    int before = problems.list().size();
    List<SourcedRecord> records = new ArrayList<>();
    Map<Name, SourcedBinding> bindings = new LinkedHashMap<>();
    SOARecord soa;
    Optional<Long> configuredSerial;
    if (config.file().isPresent()) {
      Path file = baseDir.resolve(config.file().get());
      records.addAll(
          MasterFileReader.read(
              file, apex, config.defaultTtl(), config.path() + ".file", problems));
      if (problems.list().size() > before) {
        return null; // unreadable: "no SOA", "no NS" and the like would only be noise
      }
      soa = masterSoa(records, apex, config.path() + ".file");
      configuredSerial = Optional.ofNullable(soa).map(SOARecord::getSerial);
      records.removeIf(r -> r.record().getType() == Type.SOA);
      rejectOutsideZone(records, apex);
      rejectUnservableTypes(records);
    } else {
      RecordParser parser = new RecordParser(apex, config.defaultTtl(), problems);
      for (RecordConfig record : config.records()) {
        if (record.policy().isPresent()) {
          bind(record, apex, bindings);
        } else {
          records.addAll(parser.parse(record));
        }
      }
      soa = config.soa().map(s -> inlineSoa(s, apex, config)).orElse(null);
      configuredSerial = config.soa().flatMap(SoaConfig::serial);
    }
    Map<Name, Map<Integer, List<SourcedRecord>>> byOwner = groupByOwner(records);
    checkRRsets(byOwner, config.path());
    checkApex(byOwner, apex, config.path());
    Set<Name> cuts = checkDelegations(byOwner, apex);
    checkNameServerAddresses(byOwner, apex, cuts, config.path());
    checkBindings(bindings, byOwner, apex, cuts);
    if (soa == null || problems.list().size() > before) {
      return null;
    }
    String digest = digest(records, bindings, soa);
    long serial =
        SerialPolicy.choose(configuredSerial, digest, previous.get(apex), nowEpochSeconds);
    SOARecord served =
        new SOARecord(
            apex,
            DClass.IN,
            soa.getTTL(),
            soa.getHost(),
            soa.getAdmin(),
            serial,
            soa.getRefresh(),
            soa.getRetry(),
            soa.getExpire(),
            soa.getMinimum());
    return new Zone(
        apex,
        served,
        nodes(byOwner, bindings, apex, cuts, served),
        digest,
        configuredSerial.orElse(SerialPolicy.NOT_CONFIGURED));
  }

  /** A name answered by a policy, with where it was written. */
  private record SourcedBinding(PolicyBinding binding, String path) {}

  private void bind(RecordConfig record, Name apex, Map<Name, SourcedBinding> bindings) {
    Name owner = NameParser.parse(record.name(), apex, record.path() + ".name", problems);
    String name = record.policy().get();
    Policy policy = policies.byName().get(name);
    if (owner == null) {
      return;
    }
    if (!owner.subdomain(apex)) {
      problems.add(record.path() + ".name", "'" + owner + "' is outside the zone " + apex);
    } else if (bindings.containsKey(owner)) {
      problems.add(
          record.path() + ".name",
          "'"
              + owner
              + "' is already answered by policy "
              + bindings.get(owner).binding().policy().name()
              + " at "
              + bindings.get(owner).path());
    } else if (policy == null && !declaredPolicies.contains(name)) {
      problems.add(
          record.path() + ".policy",
          "unknown policy '"
              + name
              + "'"
              + (declaredPolicies.isEmpty()
                  ? " (no policies are defined)"
                  : " (known: "
                      + String.join(", ", new java.util.TreeSet<>(declaredPolicies))
                      + ")"));
    } else if (policy != null) {
      long ttl = record.ttl().orElse(PolicyBinding.DEFAULT_TTL);
      bindings.put(owner, new SourcedBinding(new PolicyBinding(policy, ttl), record.path()));
    }
  }

  /** A policy name holds no CNAME or static addresses, and is not hidden by a delegation. */
  private void checkBindings(
      Map<Name, SourcedBinding> bindings,
      Map<Name, Map<Integer, List<SourcedRecord>>> byOwner,
      Name apex,
      Set<Name> cuts) {
    bindings.forEach(
        (owner, b) -> {
          Map<Integer, List<SourcedRecord>> there = byOwner.getOrDefault(owner, Map.of());
          for (int type : List.of(Type.CNAME, Type.A, Type.AAAA)) {
            if (there.containsKey(type)) {
              problems.add(
                  b.path(),
                  "'"
                      + owner
                      + "' is answered by policy "
                      + b.binding().policy().name()
                      + " and also has "
                      + Type.string(type)
                      + " records");
            }
          }
          Name cut = cutAtOrAbove(owner, apex, cuts);
          if (cut != null) {
            problems.add(b.path(), "'" + owner + "' is hidden by the delegation at '" + cut + "'");
          }
        });
  }

  private SOARecord inlineSoa(SoaConfig soa, Name apex, ZoneConfig zone) {
    String path = zone.path() + ".soa";
    Name mname = NameParser.parse(soa.mname(), apex, path + ".mname", problems);
    Name rname = NameParser.parse(soa.rname(), apex, path + ".rname", problems);
    if (mname == null || rname == null) {
      return null;
    }
    return new SOARecord(
        apex,
        DClass.IN,
        soa.ttl().orElse(zone.defaultTtl()),
        mname,
        rname,
        soa.serial().orElse(0L),
        soa.refresh(),
        soa.retry(),
        soa.expire(),
        soa.minimum());
  }

  private SOARecord masterSoa(List<SourcedRecord> records, Name apex, String path) {
    List<SOARecord> soas = new ArrayList<>();
    for (SourcedRecord r : records) {
      if (r.record() instanceof SOARecord soa) {
        if (!soa.getName().equals(apex)) {
          problems.add(path, "SOA at '" + soa.getName() + "' is not at the zone apex " + apex);
        }
        soas.add(soa);
      }
    }
    if (soas.size() != 1) {
      problems.add(path, "a zone needs exactly one SOA at its apex, found " + soas.size());
      return null;
    }
    return soas.get(0);
  }

  private void rejectOutsideZone(List<SourcedRecord> records, Name apex) {
    records.removeIf(
        r -> {
          boolean outside = !r.record().getName().subdomain(apex);
          if (outside) {
            problems.add(r.path(), "'" + r.record().getName() + "' is outside the zone " + apex);
          }
          return outside;
        });
  }

  private void rejectUnservableTypes(List<SourcedRecord> records) {
    for (SourcedRecord r : records) {
      int type = r.record().getType();
      if (type != Type.SOA && RecordParser.REJECTED.contains(type)) {
        problems.add(
            r.path(), "type " + Type.string(type) + " cannot be served as plain zone data");
      }
    }
  }

  private static Map<Name, Map<Integer, List<SourcedRecord>>> groupByOwner(
      List<SourcedRecord> records) {
    Map<Name, Map<Integer, List<SourcedRecord>>> byOwner = new LinkedHashMap<>();
    for (SourcedRecord r : records) {
      byOwner
          .computeIfAbsent(r.record().getName(), n -> new LinkedHashMap<>())
          .computeIfAbsent(r.record().getType(), t -> new ArrayList<>())
          .add(r);
    }
    return byOwner;
  }

  /** RFC 2181 5.2: one TTL per RRset; RFC 1034 3.6.2: a CNAME stands alone. */
  private void checkRRsets(Map<Name, Map<Integer, List<SourcedRecord>>> byOwner, String zonePath) {
    byOwner.forEach(
        (owner, byType) -> {
          byType.values().forEach(this::checkSameTtl);
          List<SourcedRecord> cnames = byType.get(Type.CNAME);
          if (cnames == null) {
            return;
          }
          if (cnames.size() > 1) {
            problems.add(cnames.get(1).path(), "'" + owner + "' has more than one CNAME");
          }
          if (byType.size() > 1) {
            problems.add(
                cnames.get(0).path(),
                "'"
                    + owner
                    + "' has a CNAME and other data "
                    + typesOf(byType)
                    + "; a CNAME must be the only record at its name");
          }
        });
  }

  private void checkSameTtl(List<SourcedRecord> rrset) {
    long ttl = rrset.get(0).record().getTTL();
    for (SourcedRecord r : rrset) {
      if (r.record().getTTL() != ttl) {
        problems.add(
            r.path(),
            "TTL "
                + r.record().getTTL()
                + " differs from TTL "
                + ttl
                + " of the other "
                + Type.string(r.record().getType())
                + " records of '"
                + r.record().getName()
                + "' (RFC 2181: one TTL per RRset)");
        return;
      }
    }
  }

  private void checkApex(
      Map<Name, Map<Integer, List<SourcedRecord>>> byOwner, Name apex, String zonePath) {
    Map<Integer, List<SourcedRecord>> atApex = byOwner.getOrDefault(apex, Map.of());
    if (!atApex.containsKey(Type.NS)) {
      problems.add(
          zonePath, "zone " + apex + " has no NS records at its apex; it cannot be delegated to");
    }
    if (atApex.containsKey(Type.CNAME)) {
      problems.add(atApex.get(Type.CNAME).get(0).path(), "a CNAME cannot be at the zone apex");
    }
  }

  /**
   * @return the delegation points; reports data that a delegation would hide
   */
  private Set<Name> checkDelegations(
      Map<Name, Map<Integer, List<SourcedRecord>>> byOwner, Name apex) {
    Set<Name> cuts = new java.util.HashSet<>();
    byOwner.forEach(
        (owner, byType) -> {
          if (!owner.equals(apex) && byType.containsKey(Type.NS)) {
            if (owner.isWild()) {
              problems.add(
                  byType.get(Type.NS).get(0).path(), "a wildcard name cannot be delegated");
            }
            cuts.add(owner);
          }
        });
    byOwner.forEach(
        (owner, byType) -> {
          Name cut = cutAtOrAbove(owner, apex, cuts);
          if (cut == null) {
            return;
          }
          Set<Integer> allowed = cut.equals(owner) ? ALLOWED_AT_CUT : GLUE;
          byType.forEach(
              (type, rrset) -> {
                if (!allowed.contains(type)) {
                  problems.add(
                      rrset.get(0).path(),
                      Type.string(type)
                          + " at '"
                          + owner
                          + "' is hidden by the delegation at '"
                          + cut
                          + "'; only "
                          + (cut.equals(owner) ? "NS, DS and glue" : "glue (A, AAAA)")
                          + " may be there");
                }
              });
        });
    return cuts;
  }

  /**
   * The highest delegation point at or above {@code name}: a delegation below another one is itself
   * hidden by the upper one, so the upper one decides what may be there.
   */
  private static Name cutAtOrAbove(Name name, Name apex, Set<Name> cuts) {
    if (cuts.isEmpty()) {
      return null;
    }
    Name highest = null;
    for (Name n = name; n.labels() > apex.labels(); n = new Name(n, 1)) {
      if (cuts.contains(n)) {
        highest = n;
      }
    }
    return highest;
  }

  /** An NS target inside this zone needs an address here, or nobody can reach it. */
  private void checkNameServerAddresses(
      Map<Name, Map<Integer, List<SourcedRecord>>> byOwner,
      Name apex,
      Set<Name> cuts,
      String zonePath) {
    byOwner.forEach(
        (owner, byType) -> {
          for (SourcedRecord r : byType.getOrDefault(Type.NS, List.of())) {
            Name target = ((NSRecord) r.record()).getTarget();
            if (!target.subdomain(apex)) {
              continue;
            }
            Map<Integer, List<SourcedRecord>> atTarget = byOwner.getOrDefault(target, Map.of());
            if (!atTarget.containsKey(Type.A) && !atTarget.containsKey(Type.AAAA)) {
              boolean glue = cutAtOrAbove(target, apex, cuts) != null;
              problems.add(
                  r.path(),
                  "name server '"
                      + target
                      + "' is inside the zone but has no A or AAAA record"
                      + (glue ? " (glue for the delegation)" : ""));
            }
          }
        });
  }

  private static String typesOf(Map<Integer, List<SourcedRecord>> byType) {
    List<String> names = new ArrayList<>();
    byType.keySet().forEach(t -> names.add(Type.string(t)));
    return names.toString();
  }

  private static Map<Name, NameNode> nodes(
      Map<Name, Map<Integer, List<SourcedRecord>>> byOwner,
      Map<Name, SourcedBinding> bindings,
      Name apex,
      Set<Name> cuts,
      SOARecord soa) {
    Map<Name, List<RRset>> rrsets = new HashMap<>();
    rrsets.computeIfAbsent(apex, n -> new ArrayList<>()).add(new RRset(soa));
    for (Name owner : bindings.keySet()) {
      rrsets.computeIfAbsent(owner, n -> new ArrayList<>());
      for (Name n = owner; n.labels() > apex.labels(); n = new Name(n, 1)) {
        rrsets.computeIfAbsent(new Name(n, 1), p -> new ArrayList<>());
      }
    }
    byOwner.forEach(
        (owner, byType) -> {
          List<RRset> sets = rrsets.computeIfAbsent(owner, n -> new ArrayList<>());
          byType
              .values()
              .forEach(
                  list -> {
                    RRset set = new RRset();
                    list.forEach(r -> set.addRR(r.record()));
                    sets.add(set);
                  });
          // every ancestor up to the apex exists, as an empty non-terminal if nothing else
          for (Name n = owner; n.labels() > apex.labels(); n = new Name(n, 1)) {
            rrsets.computeIfAbsent(new Name(n, 1), p -> new ArrayList<>());
          }
        });
    Map<Name, NameNode> nodes = new HashMap<>();
    rrsets.forEach(
        (owner, sets) ->
            nodes.put(
                owner,
                new NameNode(
                    owner,
                    sets,
                    cuts.contains(owner),
                    cutAtOrAbove(owner, apex, cuts) != null,
                    bindings.containsKey(owner) ? bindings.get(owner).binding() : null)));
    return nodes;
  }

  /** A fingerprint of everything served except the serial, to tell whether the zone changed. */
  private static String digest(
      List<SourcedRecord> records, Map<Name, SourcedBinding> bindings, SOARecord soa) {
    List<String> lines = new ArrayList<>();
    records.forEach(r -> lines.add(r.record().toString()));
    bindings.forEach(
        (owner, b) ->
            lines.add(owner + " " + b.binding().ttl() + " policy " + b.binding().policy().name()));
    lines.sort(null);
    lines.add(
        soa.getTTL()
            + " "
            + soa.getHost()
            + " "
            + soa.getAdmin()
            + " "
            + soa.getRefresh()
            + " "
            + soa.getRetry()
            + " "
            + soa.getExpire()
            + " "
            + soa.getMinimum());
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      lines.forEach(line -> sha.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
