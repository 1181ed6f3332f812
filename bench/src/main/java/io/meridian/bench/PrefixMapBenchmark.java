package io.meridian.bench;

import io.meridian.geo.GeoDatabase;
import io.meridian.geo.GeoDatabases;
import io.meridian.geo.Location;
import io.meridian.geo.PrefixMap;
import java.net.InetAddress;
import java.util.SplittableRandom;
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

/**
 * The geo lookup on the query path: {@link PrefixMap#match} over the bundled country database
 * compiled for a continent outcome, against the MaxMind reader that {@code explain} uses. Client
 * addresses are drawn from a fixed pool of 64k random IPv4 addresses (cache misses included),
 * and the ECS-typical /24 source prefix is used. Decides whether a per-/24 cache would pay.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PrefixMapBenchmark {

  private static final int POOL = 1 << 16;

  private GeoDatabase database;
  private PrefixMap<String> continents;
  private byte[][] addresses;
  private InetAddress[] inetAddresses;
  private int next;

  @Setup
  public void setUp() throws Exception {
    database = GeoDatabases.bundled();
    continents = database.compile(Location::continent);
    SplittableRandom random = new SplittableRandom(42);
    addresses = new byte[POOL][];
    inetAddresses = new InetAddress[POOL];
    for (int i = 0; i < POOL; i++) {
      int a = random.nextInt();
      addresses[i] = new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), 0};
      inetAddresses[i] = InetAddress.getByAddress(addresses[i]);
    }
  }

  @Benchmark
  public String prefixMapMatch() {
    byte[] address = addresses[next++ & (POOL - 1)];
    return continents.value(continents.match(address, 24));
  }

  @Benchmark
  public Object maxMindLookup() {
    return database.lookup(inetAddresses[next++ & (POOL - 1)]).location();
  }
}
