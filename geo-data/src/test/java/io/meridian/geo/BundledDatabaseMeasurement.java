package io.meridian.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Rough numbers for the README and the issue, not assertions (JMH in bench/ does it properly):
 * {@code mvn -pl geo-data test -Dtest=BundledDatabaseMeasurement -Dgeo.measure=true}.
 */
@EnabledIfSystemProperty(named = "geo.measure", matches = "true")
class BundledDatabaseMeasurement {

  @Test
  void measure() throws Exception {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();

    long t0 = System.nanoTime();
    GeoDatabase db = GeoDatabases.bundled();
    System.out.printf("load bundled: %.0f ms%n", (System.nanoTime() - t0) / 1e6);

    PrefixMap<String> map = null;
    for (int round = 1; round <= 5; round++) {
      long heapBefore = usedAfterGc();
      long allocatedBefore = threads.getThreadAllocatedBytes(tid);
      long start = System.nanoTime();
      map = db.compile(Location::continent);
      long nanos = System.nanoTime() - start;
      long allocated = threads.getThreadAllocatedBytes(tid) - allocatedBefore;
      long retained = usedAfterGc() - heapBefore;
      System.out.printf(
          "compile(continent) #%d: %.0f ms, allocated %.1f MB, retained %.1f MB, nodes %d, values"
              + " %d%n",
          round, nanos / 1e6, allocated / 1e6, retained / 1e6, map.nodeCount(), map.valueCount());
    }
    PrefixMap<String> countries = db.compile(Location::country);
    System.out.printf(
        "compile(country): nodes %d, values %d%n", countries.nodeCount(), countries.valueCount());

    Random random = new Random(1);
    byte[][] v4 = new byte[1 << 20][4];
    byte[][] v6 = new byte[1 << 20][16];
    for (int i = 0; i < v4.length; i++) {
      random.nextBytes(v4[i]);
      random.nextBytes(v6[i]);
      v6[i][0] = (byte) (0x20 | (v6[i][0] & 0x0F)); // 2000::/4: where the networks are
    }
    for (int round = 1; round <= 3; round++) {
      report("PrefixMap IPv4 /32 ", map, v4, 32);
      report("PrefixMap IPv4 /24 ", map, v4, 24);
      report("PrefixMap IPv6 /56 ", map, v6, 56);
    }
    long start = System.nanoTime();
    int n = 200_000;
    int sink = 0;
    for (int i = 0; i < n; i++) {
      sink += db.lookup(InetAddress.getByAddress(v4[i])).prefixLength();
    }
    System.out.printf(
        "GeoDatabase.lookup (MaxMind reader, decodes): %.0f ns/lookup (%d)%n",
        (System.nanoTime() - start) / (double) n, sink);
    assertEquals("EU", map.value(InetAddress.getByName("81.2.69.142").getAddress()));
  }

  private static void report(String what, PrefixMap<String> map, byte[][] addresses, int source) {
    long start = System.nanoTime();
    int sink = 0;
    int rounds = 10;
    for (int r = 0; r < rounds; r++) {
      for (byte[] address : addresses) {
        sink += PrefixMap.scope(map.match(address, source));
      }
    }
    long nanos = System.nanoTime() - start;
    long lookups = (long) rounds * addresses.length;
    System.out.printf(
        "%s: %.1f ns/lookup, %.1f M lookups/s, mean scope %.1f%n",
        what, nanos / (double) lookups, lookups * 1e3 / nanos, sink / (double) lookups);
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }
}
