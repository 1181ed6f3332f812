package io.meridian.bench;

import io.meridian.core.config.ConfigReader;
import io.meridian.core.config.MeridianConfig;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.SnapshotCompiler;
import io.meridian.dns.io.Query;
import io.meridian.dns.io.Query.Transport;
import io.meridian.dns.query.Responder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
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
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * {@link Responder#handle} on the benchmark zone gtm.test. (bench/dns/meridian-gtm.yaml) plus a
 * CNAME chain, with query bytes built once, as dnsperf sends them (RD clear, EDNS0 with a 4096-byte
 * payload, like {@code dnsperf -e}). One op = one query answered, wire bytes out.
 *
 * <ul>
 *   <li>{@code staticA}: www.gtm.test A, one A record in the answer
 *   <li>{@code nxdomain}: nx00.gtm.test A, NXDOMAIN with the SOA in the authority section
 *   <li>{@code cnameChain}: c1 -> c2 -> c3 -> www, three CNAMEs and the A
 *   <li>{@code parseOnly} / {@code encodeOnly}: dnsjava alone, the query parse and the encoding of
 *       the staticA reply, to split the handle() cost into its parts
 * </ul>
 *
 * Run: {@code java -jar bench/target/benchmarks.jar ResponderBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s
 * -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class ResponderBenchmark {

  /** The zone of bench/dns/meridian-gtm.yaml, plus a three-hop CNAME chain ending at www. */
  static final String CONFIG =
      String.join(
          "\n",
          "server:",
          "  listen: 127.0.0.1:15308",
          "  udp_payload_size: 1232",
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
          "      - { name: www, type: A, ttl: 30, value: 198.51.100.10 }",
          "      - { name: api, type: A, ttl: 30, value: 192.0.2.21 }",
          "      - { name: app, type: A, ttl: 30, value: 192.0.2.31 }",
          "      - { name: c1, type: CNAME, ttl: 30, value: c2 }",
          "      - { name: c2, type: CNAME, ttl: 30, value: c3 }",
          "      - { name: c3, type: CNAME, ttl: 30, value: www }",
          "");

  private Responder responder;
  private Query staticA;
  private Query nxdomain;
  private Query cnameChain;
  private byte[] staticABytes;
  private Message staticAReply;

  @Setup
  public void setup() throws Exception {
    MeridianConfig config = ConfigReader.read(CONFIG, "ResponderBenchmark", Path.of("."));
    Snapshot snapshot = new SnapshotCompiler(Clock.systemUTC()).compile(config, null);
    responder = new Responder(new Current<>(snapshot));
    InetSocketAddress client = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), 15308);
    staticABytes = query("www.gtm.test.");
    staticA = new Query(staticABytes, staticABytes.length, Transport.UDP, client, local);
    byte[] nx = query("nx00.gtm.test.");
    nxdomain = new Query(nx, nx.length, Transport.UDP, client, local);
    byte[] cn = query("c1.gtm.test.");
    cnameChain = new Query(cn, cn.length, Transport.UDP, client, local);

    // fail fast if the zone or the responder does not answer as the benchmark names say
    expect(staticA, Rcode.NOERROR, 1);
    expect(nxdomain, Rcode.NXDOMAIN, 0);
    expect(cnameChain, Rcode.NOERROR, 4);
    staticAReply = new Message(responder.handle(staticA));
  }

  private void expect(Query q, int rcode, int answers) throws Exception {
    Message reply = new Message(responder.handle(q));
    if (reply.getRcode() != rcode || reply.getSection(Section.ANSWER).size() != answers) {
      throw new IllegalStateException("unexpected reply in setup:\n" + reply);
    }
  }

  /** A query as dnsperf -e sends it: id, no RD, one question, an OPT with payload 4096. */
  static byte[] query(String name) throws Exception {
    Message m = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
    m.getHeader().unsetFlag(Flags.RD);
    m.getHeader().setID(0x1234);
    m.addRecord(new OPTRecord(4096, 0, 0, 0), Section.ADDITIONAL);
    return m.toWire();
  }

  @Benchmark
  public byte[] staticA() {
    return responder.handle(staticA);
  }

  @Benchmark
  public byte[] nxdomain() {
    return responder.handle(nxdomain);
  }

  @Benchmark
  public byte[] cnameChain() {
    return responder.handle(cnameChain);
  }

  @Benchmark
  public Message parseOnly() throws Exception {
    return new Message(ByteBuffer.wrap(staticABytes, 0, staticABytes.length));
  }

  @Benchmark
  public byte[] encodeOnly() {
    return staticAReply.toWire(1232);
  }
}
