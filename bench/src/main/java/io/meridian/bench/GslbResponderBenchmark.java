package io.meridian.bench;

import io.meridian.core.config.ConfigReader;
import io.meridian.core.config.MeridianConfig;
import io.meridian.core.policy.Decision;
import io.meridian.core.policy.Endpoint;
import io.meridian.core.policy.Policy;
import io.meridian.core.policy.QueryContext;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.SnapshotCompiler;
import io.meridian.dns.io.Query;
import io.meridian.dns.io.Query.Transport;
import io.meridian.dns.query.Responder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * {@link Responder#handle} on the policy names of the GSLB benchmark zone
 * (bench/dns/meridian-gslb.yaml, bundled country database), next to a static name of the same
 * snapshot, with query bytes built once as dnsperf sends them (RD clear, EDNS0 payload 4096; the
 * ECS queries carry the harness's option, 81.2.69.0/24 = GB/EU). One op = one query answered.
 *
 * <ul>
 *   <li>{@code gslbStaticA}: static.gtm.test A, no policy (the baseline in this snapshot), with ECS
 *   <li>{@code wwwGeoEcsEU}: www, geolocation, ECS 81.2.69.0/24 -> 192.0.2.10, ECS echoed
 *   <li>{@code wwwGeoNoEcs}: www, geolocation on the source 127.0.0.1 -> default 198.51.100.10
 *   <li>{@code apiWeighted}: api, weighted 70/20/10, one A
 *   <li>{@code appFailover}: app, failover, both up -> 192.0.2.31
 *   <li>{@code decideWwwEU} / {@code decideApi} / {@code decideApp}: the policy evaluation alone
 *       ({@code QueryContext.decide}, what PolicyAnswer does before it builds records)
 * </ul>
 *
 * The static names of meridian-gtm.yaml are in {@link ResponderBenchmark}. Run: {@code java -jar
 * bench/target/benchmarks.jar 'GslbResponderBenchmark|ResponderBenchmark.staticA' -f 1 -wi 5 -i 5
 * -w 2s -r 2s -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class GslbResponderBenchmark {

  /** bench/dns/meridian-gslb.yaml as of this writing (read from disk when run from the repo). */
  static final String CONFIG =
      String.join(
          "\n",
          "server:",
          "  listen: 127.0.0.1:15309",
          "  udp_payload_size: 1232",
          "pools:",
          "  www:",
          "    endpoints:",
          "      - { name: eu, address: 192.0.2.10 }",
          "      - { name: na, address: 198.51.100.10 }",
          "      - { name: as, address: 203.0.113.10 }",
          "  api:",
          "    endpoints:",
          "      - { name: a21, address: 192.0.2.21, weight: 70 }",
          "      - { name: a22, address: 192.0.2.22, weight: 20 }",
          "      - { name: a23, address: 192.0.2.23, weight: 10 }",
          "  app:",
          "    endpoints:",
          "      - { name: primary, address: 192.0.2.31, priority: 1, health: up }",
          "      - { name: backup, address: 192.0.2.32, priority: 2, health: up }",
          "policies:",
          "  www:",
          "    routing: geolocation",
          "    targets:",
          "      - { endpoint: www/eu, geo: [continent:EU] }",
          "      - { endpoint: www/na, geo: [continent:NA, default] }",
          "      - { endpoint: www/as, geo: [continent:AS] }",
          "  api:",
          "    routing: weighted",
          "    targets:",
          "      - { endpoint: api/a21, weight: 70 }",
          "      - { endpoint: api/a22, weight: 20 }",
          "      - { endpoint: api/a23, weight: 10 }",
          "  app:",
          "    routing: failover",
          "    targets:",
          "      - { endpoint: app/primary, priority: 1 }",
          "      - { endpoint: app/backup, priority: 2 }",
          "zones:",
          "  - name: gtm.test.",
          "    ttl: 3600",
          "    soa: { mname: ns1, rname: hostmaster, serial: 2024010101, refresh: 3600,",
          "           retry: 600, expire: 86400, minimum: 60, ttl: 60 }",
          "    records:",
          "      - { name: \"@\", type: NS, values: [ns1, ns2] }",
          "      - { name: ns1, type: A, value: 127.0.0.1 }",
          "      - { name: ns2, type: A, value: 127.0.0.1 }",
          "      - { name: static, type: A, ttl: 300, value: 192.0.2.40 }",
          "      - { name: www, policy: www, ttl: 30 }",
          "      - { name: api, policy: api, ttl: 30 }",
          "      - { name: app, policy: app, ttl: 30 }",
          "");

  private static final Path CONFIG_FILE = Path.of("bench/dns/meridian-gslb.yaml");

  private Responder responder;
  private Snapshot snapshot;
  private Query staticA;
  private Query wwwEu;
  private Query wwwNoEcs;
  private Query api;
  private Query app;
  private Policy wwwPolicy;
  private Policy apiPolicy;
  private Policy appPolicy;
  private final byte[] euClient = {81, 2, 69, 0};

  @Setup
  public void setup() throws Exception {
    // the file when run from the repository root (so the benchmark follows the config), else the copy
    String text = Files.isReadable(CONFIG_FILE) ? Files.readString(CONFIG_FILE) : CONFIG;
    MeridianConfig config = ConfigReader.read(text, "GslbResponderBenchmark", Path.of("."));
    snapshot = new SnapshotCompiler(Clock.systemUTC()).compile(config, null);
    responder = new Responder(new Current<>(snapshot));
    InetSocketAddress client = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), 15309);
    staticA = udp(query("static.gtm.test.", true), client, local);
    wwwEu = udp(query("www.gtm.test.", true), client, local);
    wwwNoEcs = udp(query("www.gtm.test.", false), client, local);
    api = udp(query("api.gtm.test.", false), client, local);
    app = udp(query("app.gtm.test.", false), client, local);
    wwwPolicy = snapshot.policies().byName().get("www");
    apiPolicy = snapshot.policies().byName().get("api");
    appPolicy = snapshot.policies().byName().get("app");

    // fail fast if the snapshot does not answer as the benchmark names say
    expect(staticA, "192.0.2.40", 0);
    expect(wwwEu, "192.0.2.10", -1);
    expect(wwwNoEcs, "198.51.100.10", -1);
    expect(app, "192.0.2.31", -1);
    int a21 = 0;
    for (int i = 0; i < 1000; i++) {
      Message m = new Message(responder.handle(api));
      List<Record> answer = m.getSection(Section.ANSWER);
      if (answer.size() != 1) {
        throw new IllegalStateException("api: not one answer:\n" + m);
      }
      if (((ARecord) answer.get(0)).getAddress().getHostAddress().equals("192.0.2.21")) {
        a21++;
      }
    }
    if (a21 < 620 || a21 > 780) {
      throw new IllegalStateException("api: 192.0.2.21 in " + a21 + " of 1000, want about 700");
    }
  }

  private static Query udp(byte[] bytes, InetSocketAddress client, InetSocketAddress local) {
    return new Query(bytes, bytes.length, Transport.UDP, client, local);
  }

  /** scope: the ECS scope the reply must echo, -1 for "any", or none when the query had no ECS. */
  private void expect(Query q, String address, int scope) throws Exception {
    Message reply = new Message(responder.handle(q));
    List<Record> answer = reply.getSection(Section.ANSWER);
    if (reply.getRcode() != Rcode.NOERROR
        || answer.size() != 1
        || !((ARecord) answer.get(0)).getAddress().getHostAddress().equals(address)) {
      throw new IllegalStateException("unexpected reply in setup, want " + address + ":\n" + reply);
    }
    OPTRecord opt = reply.getOPT();
    List<EDNSOption> ecs =
        opt == null ? List.of() : opt.getOptions(EDNSOption.Code.CLIENT_SUBNET);
    if (scope >= 0
        && !ecs.isEmpty()
        && ((ClientSubnetOption) ecs.get(0)).getScopePrefixLength() != scope) {
      throw new IllegalStateException("unexpected ECS scope in setup, want " + scope + ":\n" + reply);
    }
  }

  /**
   * A query as dnsperf sends it: id, no RD, one question, an OPT with payload 4096; with {@code ecs}
   * the harness's option (-E 8:00011800510245: IPv4, source /24, 81.2.69.0).
   */
  static byte[] query(String name, boolean ecs) throws Exception {
    Message m = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
    m.getHeader().unsetFlag(Flags.RD);
    m.getHeader().setID(0x1234);
    List<EDNSOption> options =
        ecs
            ? List.of(new ClientSubnetOption(24, InetAddress.getByName("81.2.69.0")))
            : List.of();
    m.addRecord(new OPTRecord(4096, 0, 0, 0, options), Section.ADDITIONAL);
    return m.toWire();
  }

  private QueryContext context(byte[] client, int prefix) {
    return new QueryContext(
        client,
        prefix,
        Endpoint.AddressFamily.IPV4,
        snapshot.policies().configuredHealth(),
        ThreadLocalRandom.current(),
        null,
        snapshot.policies().count());
  }

  @Benchmark
  public byte[] gslbStaticA() {
    return responder.handle(staticA);
  }

  @Benchmark
  public byte[] wwwGeoEcsEU() {
    return responder.handle(wwwEu);
  }

  @Benchmark
  public byte[] wwwGeoNoEcs() {
    return responder.handle(wwwNoEcs);
  }

  @Benchmark
  public byte[] apiWeighted() {
    return responder.handle(api);
  }

  @Benchmark
  public byte[] appFailover() {
    return responder.handle(app);
  }

  @Benchmark
  public Decision decideWwwEU() {
    return context(euClient, 24).decide(wwwPolicy);
  }

  @Benchmark
  public Decision decideApi() {
    return context(euClient, 24).decide(apiPolicy);
  }

  @Benchmark
  public Decision decideApp() {
    return context(euClient, 24).decide(appPolicy);
  }
}
