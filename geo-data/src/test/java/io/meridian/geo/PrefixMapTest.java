package io.meridian.geo;

import static io.meridian.geo.MmdbWriter.city;
import static io.meridian.geo.MmdbWriter.countryCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrefixMapTest {

  @TempDir Path dir;

  static byte[] bytes(String literal) throws IOException {
    return InetAddress.getByName(literal).getAddress();
  }

  static byte[] v6(String literal) throws IOException {
    byte[] raw = InetAddress.getByName(literal).getAddress();
    if (raw.length == 16) {
      return raw;
    }
    byte[] mapped = new byte[16]; // InetAddress turns ::ffff:a.b.c.d into IPv4; undo that
    mapped[10] = (byte) 0xFF;
    mapped[11] = (byte) 0xFF;
    System.arraycopy(raw, 0, mapped, 12, 4);
    return mapped;
  }

  /** {@code [value, scope]} of a lookup, for compact assertions. */
  static <T> List<Object> find(PrefixMap<T> map, byte[] address, int source) {
    int match = map.match(address, source);
    return List.of(Objects.toString(map.value(match)), PrefixMap.scope(match));
  }

  /** 10.0.0.0/25 GB, 10.0.0.128/25 FR (two records), 81.2.69.0/24 GB (a third record). */
  GeoDatabase europe(int ipVersion, int recordSize) throws IOException {
    return GeoDatabases.open(
        new MmdbWriter("Test-CC", ipVersion)
            .recordSize(recordSize)
            .insert("10.0.0.0/25", countryCode("GB"))
            .insert("10.0.0.128/25", countryCode("FR"))
            .insert("81.2.69.0/24", countryCode("GB"))
            .writeTo(dir.resolve("europe-" + ipVersion + "-" + recordSize + ".mmdb")));
  }

  @ParameterizedTest
  @ValueSource(ints = {24, 28, 32})
  void mergesSiblingsWithEqualOutcomes(int recordSize) throws IOException {
    GeoDatabase db = europe(4, recordSize);
    PrefixMap<String> continent = db.compile(Location::continent);
    PrefixMap<String> country = db.compile(Location::country);

    assertEquals(
        List.of("EU", 24), find(continent, bytes("10.0.0.1"), 32), "both /25s are EU: one /24");
    assertEquals(List.of("EU", 24), find(continent, bytes("10.0.0.200"), 32));
    assertEquals(
        List.of("GB", 25), find(country, bytes("10.0.0.1"), 32), "GB and FR differ: /25 each");
    assertEquals(List.of("FR", 25), find(country, bytes("10.0.0.200"), 32));
    assertEquals(List.of("GB", 24), find(country, bytes("81.2.69.142"), 32));
    assertEquals(2, continent.valueCount(), "unknown (null) and EU: three records, two outcomes");
  }

  @Test
  void mergesTheWholeSpaceToScopeZeroWhenTheOutcomeNeverChanges() throws IOException {
    GeoDatabase db = europe(6, 24);
    PrefixMap<String> constant = db.compile(location -> "everywhere");
    for (String address : new String[] {"10.0.0.1", "192.0.2.1", "2001:db8::1"}) {
      int match = constant.match(bytes(address), 128);
      assertEquals("everywhere", constant.value(match));
      assertEquals(0, PrefixMap.scope(match), address);
    }
    assertEquals(0, constant.nodeCount());
  }

  @Test
  void unknownAddressesMapToTheUnknownOutcomeMerged() throws IOException {
    PrefixMap<String> continent =
        europe(4, 24).compile(l -> Objects.requireNonNullElse(l.continent(), "none"));
    // 10/8 and 81/8 both start with bit 0: all of 128.0.0.0/1 is unknown
    assertEquals(List.of("none", 1), find(continent, bytes("192.0.2.1"), 32));
    assertEquals(
        List.of("none", 24), find(continent, bytes("10.0.1.1"), 32), "the /24 next to 10.0.0.0/24");
    PrefixMap<String> nullable = europe(4, 24).compile(Location::continent);
    assertNull(nullable.value(bytes("192.0.2.1")), "outcomes may be null");
  }

  @Test
  void sourcePrefixTruncatesTheAddressAndScopeSaysHowMuchWasNeeded() throws IOException {
    GeoDatabase db = europe(4, 24);
    PrefixMap<String> country = db.compile(Location::country);
    PrefixMap<String> continent = db.compile(Location::continent);

    // ECS 10.0.0.200/24: the resolver disclosed 10.0.0.0/24, which spans GB and FR
    assertEquals(
        List.of("GB", 25),
        find(country, bytes("10.0.0.200"), 24),
        "bits past /24 count as zero; scope 25 > source");
    assertEquals(List.of("FR", 25), find(country, bytes("10.0.0.200"), 25));
    assertEquals(
        List.of("EU", 24),
        find(continent, bytes("10.0.0.200"), 24),
        "the /24 decides: scope = source");
    assertEquals(
        List.of("EU", 24),
        find(continent, bytes("10.0.0.200"), 16),
        "10.0.0.0/16 -> 10.0.0.0, needs 24 bits");
    assertEquals(
        List.of("GB", 24),
        find(country, bytes("81.2.69.142"), 32),
        "scope < source: the whole /24 answers alike");
    assertEquals(
        List.of("null", 5),
        find(country, bytes("10.0.0.200"), 0),
        "source 0 reads 0.0.0.0: unknown up to 8.0.0.0/5");
  }

  @Test
  void sourcePrefixOutOfRangeIsClampedNotThrown() throws IOException {
    PrefixMap<String> country = europe(4, 24).compile(Location::country);
    assertEquals(find(country, bytes("10.0.0.200"), 32), find(country, bytes("10.0.0.200"), 99));
    assertEquals(find(country, bytes("10.0.0.200"), 0), find(country, bytes("10.0.0.200"), -5));
    assertThrows(IllegalArgumentException.class, () -> country.match(new byte[5], 32));
  }

  @Test
  void ipv4InIpv6FollowsTheIpv4Data() throws IOException {
    for (GeoDatabase db : new GeoDatabase[] {europe(4, 24), europe(6, 24)}) {
      PrefixMap<String> country = db.compile(Location::country);
      assertEquals(
          List.of("FR", 121),
          find(country, v6("::ffff:10.0.0.200"), 128),
          "IPv4-mapped, both kinds of db");
      assertEquals(
          List.of("GB", 121), find(country, v6("::ffff:10.0.0.200"), 120), "source 120 = IPv4 /24");
      assertEquals(
          List.of("null", 3),
          find(country, bytes("2001:db8::1"), 128),
          "2000::/3 holds no network");
    }
    PrefixMap<String> v6db = europe(6, 24).compile(Location::country);
    assertEquals(
        List.of("FR", 121), find(v6db, bytes("::10.0.0.200"), 128), "::/96 holds the IPv4 data");
    assertEquals(
        "null", find(v6db, bytes("2002:0a00:00c8::1"), 128).get(0), "6to4 not aliased in this db");
  }

  @Test
  void prefixesAliasedByTheDatabaseAnswerAsTheDatabaseDoes() throws IOException {
    GeoDatabase db =
        GeoDatabases.open(
            new MmdbWriter("Test-City", 6)
                .insert("10.0.0.0/24", city("EU", "GB", "ENG", 51.5, -0.1))
                .insert("2001:db8::/32", city("NA", "US", "CA", 37.7, -122.4))
                .aliasIpv4()
                .writeTo(dir.resolve("aliased.mmdb")));
    PrefixMap<String> subdivision = db.compile(l -> l.country() + "-" + l.subdivision());

    assertEquals(List.of("GB-ENG", 24), find(subdivision, bytes("10.0.0.1"), 32));
    assertEquals(
        List.of("GB-ENG", 40),
        find(subdivision, bytes("2002:0a00:0001::1"), 128),
        "6to4 alias: 16 + 24");
    assertEquals(
        List.of("GB-ENG", 56),
        find(subdivision, bytes("2001:0:0a00:0001::"), 128),
        "Teredo alias: 32 + 24");
    assertEquals(List.of("GB-ENG", 120), find(subdivision, v6("::ffff:10.0.0.1"), 128));
    assertEquals(List.of("US-CA", 32), find(subdivision, bytes("2001:db8:ffff::1"), 128));
    assertEquals(
        db.lookup(InetAddress.getByName("2002:0a00:0001::1")).location().country(),
        "GB",
        "lookup() agrees with the alias");
  }

  @Test
  void agreesWithLookupEverywhere() throws IOException {
    // a random database, checked address by address against the MaxMind reader
    Random random = new Random(42);
    String[] countries = {"GB", "FR", "DE", "US", "CA", "JP"};
    MmdbWriter writer = new MmdbWriter("Test-CC", 6);
    List<java.util.Map<String, Object>> records = new ArrayList<>();
    for (String c : countries) {
      records.add(countryCode(c));
    }
    for (int i = 0; i < 300; i++) {
      int prefix = 8 + random.nextInt(17);
      int address = random.nextInt() & (-1 << (32 - prefix));
      String cidr =
          ((address >>> 24) & 0xFF)
              + "."
              + ((address >>> 16) & 0xFF)
              + "."
              + ((address >>> 8) & 0xFF)
              + "."
              + (address & 0xFF)
              + "/"
              + prefix;
      writer.insert(cidr, records.get(random.nextInt(records.size())));
    }
    GeoDatabase db = GeoDatabases.open(writer.writeTo(dir.resolve("random.mmdb")));
    PrefixMap<String> continent = db.compile(Location::continent);
    PrefixMap<Location> location = db.compile(l -> l);
    for (int i = 0; i < 20_000; i++) {
      byte[] address = new byte[4];
      random.nextBytes(address);
      GeoMatch expected = db.lookup(InetAddress.getByAddress(address));
      int match = location.match(address, 32);
      assertEquals(expected.location(), location.value(match));
      assertEquals(expected.location().continent(), continent.value(address));
      // merging never makes a scope longer than the database network
      if (expected.prefixLength() > 0) {
        assertEquals(true, PrefixMap.scope(match) <= expected.prefixLength());
      }
    }
  }
}
