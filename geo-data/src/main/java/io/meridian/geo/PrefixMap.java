package io.meridian.geo;

/**
 * An immutable address-to-value map compiled from a geo database ({@link GeoDatabase#compile}): the
 * query-path side of geo routing. A lookup walks one bit per trie level over flat int arrays and
 * allocates nothing.
 *
 * <h2>Lookup rule</h2>
 *
 * Addresses are raw network-order bytes, 4 (IPv4) or 16 (IPv6). {@link #match} reads only the first
 * {@code sourcePrefixLength} bits; the bits after them count as zero, as in an EDNS Client Subnet
 * option (RFC 7871 section 6). The walk stops at the first trie leaf; its depth is the
 * <em>scope</em>: the answer is the same for every address that shares those leading bits.
 *
 * <ul>
 *   <li>scope &le; source: the disclosed prefix decided the answer, and it holds for the whole
 *       /scope (0 when the answer does not depend on the client at all);
 *   <li>scope &gt; source: the source prefix spans several outcomes. The answer is the one for the
 *       source address with the remaining bits zero, and the scope is the depth that answer needed,
 *       which exceeds the source prefix (RFC 7871 7.2.1 allows a scope longer than the source;
 *       resolvers then cache the answer for their source prefix only).
 * </ul>
 *
 * Source prefixes outside [0, address bits] are clamped to it: the query path never throws for a
 * malformed prefix.
 *
 * <h2>IPv4 in IPv6</h2>
 *
 * 4-byte addresses use the database's IPv4 data (for an IPv6 database: its {@code ::/96} subtree,
 * where MaxMind readers look IPv4 up). 16-byte addresses follow the database's IPv6 tree, in which
 * {@code ::/96} holds the IPv4 data; IPv4-mapped addresses ({@code ::ffff:0:0/96}) always answer as
 * the IPv4 address they carry, and other prefixes the database aliases to its IPv4 data (MaxMind
 * writers alias 6to4 {@code 2002::/16} and Teredo {@code 2001::/32}) answer as the database does.
 * Scopes of 16-byte lookups count IPv6 bits (e.g. 120 for a /24 inside {@code ::ffff:0:0/96}).
 *
 * @param <T> the outcome type
 */
public final class PrefixMap<T> {

  /** Children of node n at 2n (bit 0) and 2n+1 (bit 1): a node index, or {@code ~valueIndex}. */
  private final int[] children;

  private final Object[] values;
  private final int root4;
  private final int root6;

  PrefixMap(int[] children, Object[] values, int root4, int root6) {
    this.children = children;
    this.values = values;
    this.root4 = root4;
    this.root6 = root6;
  }

  /**
   * Finds the leaf for an address, reading only its first {@code sourcePrefixLength} bits.
   *
   * @param address 4 or 16 bytes in network order
   * @param sourcePrefixLength bits of {@code address} the client disclosed (the address length in
   *     bits when the full source address is known)
   * @return an opaque match: pass it to {@link #value(int)} and {@link #scope(int)}
   * @throws IllegalArgumentException if the address is not 4 or 16 bytes long (a caller bug: the
   *     DNS layer hands over whole addresses)
   */
  public int match(byte[] address, int sourcePrefixLength) {
    int node;
    if (address.length == 4) {
      node = root4;
    } else if (address.length == 16) {
      node = root6;
    } else {
      throw new IllegalArgumentException("address must be 4 or 16 bytes, got " + address.length);
    }
    int source = Math.max(0, Math.min(sourcePrefixLength, address.length * 8));
    int depth = 0;
    while (node >= 0) {
      int bit = depth < source ? (address[depth >>> 3] >>> (7 - (depth & 7))) & 1 : 0;
      node = children[(node << 1) | bit];
      depth++;
    }
    return (~node << 8) | depth;
  }

  /** The outcome of a {@link #match}. */
  @SuppressWarnings("unchecked")
  public T value(int match) {
    return (T) values[match >>> 8];
  }

  /** The scope prefix length of a {@link #match}: how many leading bits decided the outcome. */
  public static int scope(int match) {
    return match & 0xFF;
  }

  /** The outcome for a whole address (source prefix = all its bits). */
  public T value(byte[] address) {
    return value(match(address, address.length * 8));
  }

  /** Number of trie nodes, for tests and memory estimates. */
  int nodeCount() {
    return children.length / 2;
  }

  /** Number of distinct outcomes. */
  int valueCount() {
    return values.length;
  }

  @Override
  public String toString() {
    return "PrefixMap[nodes=" + nodeCount() + ", values=" + valueCount() + "]";
  }
}
