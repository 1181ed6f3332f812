package io.meridian.geo;

import java.io.IOException;

/**
 * Read access to the search tree of an mmdb file (MaxMind DB format 2.0, section "Search Tree"):
 * node records of 24, 28 or 32 bits.
 *
 * <p>Why our own: compiling a {@link PrefixMap} needs the tree's shape (which node each record
 * points to, which networks share a data record, which prefixes alias the IPv4 subtree), and {@code
 * com.maxmind.db.Reader} exposes only {@code networks()}, which decodes the data record of every
 * network again (about a million decodes and several seconds for the bundled database). The data
 * itself is still decoded by the MaxMind reader, once per distinct record.
 */
final class SearchTree {

  private final byte[] bytes;
  private final int nodeCount;
  private final int recordSize;
  private final int ipVersion;
  private final long dataSectionSize;

  SearchTree(byte[] bytes, long nodeCount, int recordSize, int ipVersion) throws IOException {
    if (recordSize != 24 && recordSize != 28 && recordSize != 32) {
      throw new IOException("unsupported record_size " + recordSize);
    }
    long treeSize = nodeCount * recordSize / 4;
    if (nodeCount <= 0 || nodeCount > Integer.MAX_VALUE / 2 - 256 || treeSize + 16 > bytes.length) {
      throw new IOException(
          "node_count " + nodeCount + " does not fit a file of " + bytes.length + " bytes");
    }
    this.bytes = bytes;
    this.nodeCount = (int) nodeCount;
    this.recordSize = recordSize;
    this.ipVersion = ipVersion;
    this.dataSectionSize = bytes.length - treeSize - 16;
  }

  int nodeCount() {
    return nodeCount;
  }

  int ipVersion() {
    return ipVersion;
  }

  /**
   * The record of {@code node} for {@code bit}: a node number (&lt; node count), the node count
   * itself (no data), or a data pointer (&gt; node count).
   */
  long record(int node, int bit) throws IOException {
    byte[] b = bytes;
    long value;
    switch (recordSize) {
      case 24 -> {
        int at = node * 6 + bit * 3;
        value = (b[at] & 0xFFL) << 16 | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF);
      }
      case 28 -> {
        int at = node * 7;
        int middle = b[at + 3] & 0xFF;
        int high = bit == 0 ? middle >>> 4 : middle & 0x0F;
        at += bit * 4;
        value =
            (long) high << 24 | (b[at] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF);
      }
      default -> {
        int at = node * 8 + bit * 4;
        value =
            (b[at] & 0xFFL) << 24
                | (b[at + 1] & 0xFF) << 16
                | (b[at + 2] & 0xFF) << 8
                | (b[at + 3] & 0xFF);
      }
    }
    if (value > nodeCount + 16 + dataSectionSize) {
      throw new IOException(
          "search tree node " + node + " points past the end of the data section");
    }
    return value;
  }

  /**
   * The node where IPv4 lookups start: the root of an IPv4 database, the end of the {@code ::/96}
   * path of an IPv6 one (possibly a leaf record if the path ends early).
   */
  long ipv4Start() throws IOException {
    long record = 0;
    for (int i = 0; ipVersion == 6 && i < 96 && record < nodeCount; i++) {
      record = record((int) record, 0);
    }
    return record;
  }
}
