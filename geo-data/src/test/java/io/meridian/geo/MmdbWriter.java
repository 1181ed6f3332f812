package io.meridian.geo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small MaxMind DB files (format 2.0: search tree, 16-byte separator, data section,
 * metadata) so tests can make databases with known networks instead of downloading any.
 *
 * <p>Records are {@code Map<String, ?>} trees of String, Double, Boolean, List, Map, Integer/Long
 * (written as uint32) and {@link U16}/{@link U64}. Each record object is written once and shared by
 * every network inserted with it (identity), as real writers deduplicate.
 */
public final class MmdbWriter {

  /** An unsigned 16-bit value. */
  record U16(int value) {}

  /** An unsigned 64-bit value. */
  record U64(long value) {}

  private static final class Node {
    Object left;
    Object right;

    Object get(int bit) {
      return bit == 0 ? left : right;
    }

    void set(int bit, Object child) {
      if (bit == 0) {
        left = child;
      } else {
        right = child;
      }
    }
  }

  private static final byte[] METADATA_MARKER = {
    (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'
  };

  private final String databaseType;
  private final int ipVersion;
  private final Node root = new Node();
  private int recordSize = 24;
  private long buildEpoch = 1_700_000_000L;

  public MmdbWriter(String databaseType, int ipVersion) {
    this.databaseType = databaseType;
    this.ipVersion = ipVersion;
  }

  public MmdbWriter recordSize(int bits) {
    this.recordSize = bits;
    return this;
  }

  public MmdbWriter buildEpoch(long seconds) {
    this.buildEpoch = seconds;
    return this;
  }

  /**
   * Inserts a network; IPv4 networks go to {@code ::/96} in an IPv6 database. Later inserts win.
   */
  public MmdbWriter insert(String cidr, Map<String, ?> record) {
    String[] parts = cidr.split("/");
    byte[] address;
    try {
      address = InetAddress.getByName(parts[0]).getAddress();
    } catch (IOException e) {
      throw new IllegalArgumentException(cidr, e);
    }
    int prefix = Integer.parseInt(parts[1]);
    if (ipVersion == 6 && address.length == 4) {
      byte[] mapped = new byte[16];
      System.arraycopy(address, 0, mapped, 12, 4);
      address = mapped;
      prefix += 96;
    }
    if (ipVersion == 4 && address.length == 16) {
      throw new IllegalArgumentException("IPv6 network in an IPv4 database: " + cidr);
    }
    put(address, prefix, record);
    return this;
  }

  /**
   * Points {@code ::ffff:0:0/96}, {@code 2001::/32} and {@code 2002::/16} at the IPv4 subtree, as
   * MaxMind's writer does. Call after all inserts.
   */
  public MmdbWriter aliasIpv4() {
    if (ipVersion != 6) {
      throw new IllegalStateException("aliases need an IPv6 database");
    }
    Node parent = walk(new byte[16], 95);
    Object ipv4 = parent.get(0);
    if (ipv4 == null) {
      ipv4 = new Node();
      parent.set(0, ipv4);
    }
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xFF;
    mapped[11] = (byte) 0xFF;
    put(mapped, 96, ipv4);
    put(new byte[] {0x20, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 32, ipv4);
    put(new byte[] {0x20, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 16, ipv4);
    return this;
  }

  private void put(byte[] address, int prefix, Object value) {
    Node parent = walk(address, prefix - 1);
    parent.set(bit(address, prefix - 1), value);
  }

  /** The node at depth {@code depth} on the address's path, splitting leaves on the way. */
  private Node walk(byte[] address, int depth) {
    Node node = root;
    for (int i = 0; i < depth; i++) {
      int bit = bit(address, i);
      Object child = node.get(bit);
      if (!(child instanceof Node)) {
        Node split = new Node();
        split.left = child;
        split.right = child;
        node.set(bit, split);
        child = split;
      }
      node = (Node) child;
    }
    return node;
  }

  private static int bit(byte[] address, int i) {
    return (address[i >>> 3] >>> (7 - (i & 7))) & 1;
  }

  public Path writeTo(Path file) throws IOException {
    return Files.write(file, build());
  }

  public byte[] build() {
    // number nodes depth-first from the root (node 0); shared nodes keep one number
    Map<Node, Integer> numbers = new IdentityHashMap<>();
    List<Node> nodes = new ArrayList<>();
    number(root, numbers, nodes);
    long nodeCount = nodes.size();

    var data = new ByteArrayOutputStream();
    Map<Object, Long> offsets = new IdentityHashMap<>();
    var tree = new ByteArrayOutputStream();
    for (Node node : nodes) {
      long left = recordValue(node.left, nodeCount, numbers, offsets, data);
      long right = recordValue(node.right, nodeCount, numbers, offsets, data);
      writeNode(tree, left, right);
    }

    var out = new ByteArrayOutputStream();
    out.writeBytes(tree.toByteArray());
    out.writeBytes(new byte[16]);
    out.writeBytes(data.toByteArray());
    out.writeBytes(METADATA_MARKER);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("binary_format_major_version", new U16(2));
    metadata.put("binary_format_minor_version", new U16(0));
    metadata.put("build_epoch", new U64(buildEpoch));
    metadata.put("database_type", databaseType);
    metadata.put("description", Map.of("en", "Meridian test database"));
    metadata.put("ip_version", new U16(ipVersion));
    metadata.put("languages", List.of("en"));
    metadata.put("node_count", nodeCount);
    metadata.put("record_size", new U16(recordSize));
    encode(metadata, out);
    return out.toByteArray();
  }

  private static void number(Object child, Map<Node, Integer> numbers, List<Node> nodes) {
    if (child instanceof Node node && !numbers.containsKey(node)) {
      numbers.put(node, nodes.size());
      nodes.add(node);
      number(node.left, numbers, nodes);
      number(node.right, numbers, nodes);
    }
  }

  private static long recordValue(
      Object child,
      long nodeCount,
      Map<Node, Integer> numbers,
      Map<Object, Long> offsets,
      ByteArrayOutputStream data) {
    if (child == null) {
      return nodeCount;
    }
    if (child instanceof Node node) {
      return numbers.get(node);
    }
    Long offset = offsets.get(child);
    if (offset == null) {
      offset = (long) data.size();
      offsets.put(child, offset);
      encode(child, data);
    }
    return nodeCount + 16 + offset;
  }

  private void writeNode(ByteArrayOutputStream tree, long left, long right) {
    switch (recordSize) {
      case 24 -> {
        writeBytes(tree, left, 3);
        writeBytes(tree, right, 3);
      }
      case 28 -> {
        writeBytes(tree, left, 3);
        tree.write((int) ((left >>> 24) << 4 | (right >>> 24)));
        writeBytes(tree, right, 3);
      }
      case 32 -> {
        writeBytes(tree, left, 4);
        writeBytes(tree, right, 4);
      }
      default -> throw new IllegalStateException("record size " + recordSize);
    }
  }

  private static void writeBytes(ByteArrayOutputStream out, long value, int count) {
    for (int i = count - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)));
    }
  }

  // ---- data section encoding (MaxMind DB spec, "Data Section Format") -----------------------

  private static void encode(Object value, ByteArrayOutputStream out) {
    if (value instanceof String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      control(out, 2, utf8.length);
      out.writeBytes(utf8);
    } else if (value instanceof Double d) {
      control(out, 3, 8);
      writeBytes(out, Double.doubleToLongBits(d), 8);
    } else if (value instanceof U16 u) {
      unsigned(out, 5, u.value());
    } else if (value instanceof Integer || value instanceof Long) {
      unsigned(out, 6, ((Number) value).longValue());
    } else if (value instanceof U64 u) {
      unsigned(out, 9, u.value());
    } else if (value instanceof Boolean b) {
      control(out, 14, b ? 1 : 0);
    } else if (value instanceof Map<?, ?> map) {
      control(out, 7, map.size());
      map.forEach(
          (k, v) -> {
            encode(k, out);
            encode(v, out);
          });
    } else if (value instanceof List<?> list) {
      control(out, 11, list.size());
      list.forEach(v -> encode(v, out));
    } else {
      throw new IllegalArgumentException("cannot encode " + value);
    }
  }

  private static void unsigned(ByteArrayOutputStream out, int type, long value) {
    int size = 0;
    while (size < 8 && (value >>> (8 * size)) != 0) {
      size++;
    }
    control(out, type, size);
    writeBytes(out, value, size);
  }

  private static void control(ByteArrayOutputStream out, int type, int size) {
    int first = type <= 7 ? type << 5 : 0;
    byte[] extra;
    if (size < 29) {
      first |= size;
      extra = new byte[0];
    } else if (size < 285) {
      first |= 29;
      extra = new byte[] {(byte) (size - 29)};
    } else if (size < 65_821) {
      first |= 30;
      extra = new byte[] {(byte) ((size - 285) >>> 8), (byte) (size - 285)};
    } else {
      first |= 31;
      int rest = size - 65_821;
      extra = new byte[] {(byte) (rest >>> 16), (byte) (rest >>> 8), (byte) rest};
    }
    out.write(first);
    if (type > 7) {
      out.write(type - 7);
    }
    out.writeBytes(extra);
  }

  // ---- records in the layouts Meridian reads --------------------------------------------------

  /** A GeoIP2-City style record. */
  public static Map<String, Object> city(
      String continent, String country, String subdivision, double latitude, double longitude) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("city", Map.of("geoname_id", 1L, "names", Map.of("en", "Somewhere")));
    record.put(
        "continent", Map.of("code", continent, "geoname_id", 2L, "names", Map.of("en", continent)));
    record.put(
        "country", Map.of("iso_code", country, "geoname_id", 3L, "names", Map.of("en", country)));
    record.put(
        "location",
        Map.of(
            "accuracy_radius",
            new U16(20),
            "latitude",
            latitude,
            "longitude",
            longitude,
            "time_zone",
            "Etc/UTC"));
    record.put("registered_country", Map.of("iso_code", country, "geoname_id", 3L));
    if (subdivision != null) {
      record.put(
          "subdivisions",
          List.of(
              Map.of(
                  "iso_code", subdivision, "geoname_id", 4L, "names", Map.of("en", subdivision))));
    }
    return record;
  }

  /** A GeoIP2-Country style record. */
  public static Map<String, Object> country(String continent, String country) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("continent", Map.of("code", continent, "geoname_id", 2L));
    record.put(
        "country", Map.of("iso_code", country, "geoname_id", 3L, "is_in_european_union", false));
    return record;
  }

  /** An ip-location-db style record. */
  public static Map<String, Object> countryCode(String country) {
    return new LinkedHashMap<>(Map.of("country_code", country));
  }
}
