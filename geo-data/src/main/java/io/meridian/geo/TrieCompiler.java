package io.meridian.geo;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns an mmdb search tree into a {@link PrefixMap} for one outcome function.
 *
 * <p>Four passes, all linear in the tree size:
 *
 * <ol>
 *   <li><b>translate</b>: copy the tree into flat child arrays, keeping the database's node numbers
 *       (so prefixes the database aliases to its IPv4 subtree stay shared), and replace every data
 *       record by the index of its outcome. Each distinct data record is decoded once, through the
 *       MaxMind reader, via the first network that points to it.
 *   <li><b>graft</b> {@code ::ffff:0:0/96} onto the IPv4 root, so that an IPv4-mapped address
 *       answers as the IPv4 address it carries (whether or not the database aliases it).
 *   <li><b>merge</b> bottom-up: a node whose two children are leaves with the same outcome becomes
 *       that leaf (gdnsd "merges all of the raw GeoIP subnets into the largest possible
 *       supernets"), which is what makes wide ECS scopes possible.
 *   <li><b>compact</b>: renumber the nodes still reachable, parents before children.
 * </ol>
 *
 * Codes in the child arrays: a value &ge; 0 is a node, {@code ~i} is a leaf with outcome i.
 */
final class TrieCompiler<T> {

  /** Decodes the database record for an address: the same path {@link GeoDatabase#lookup} takes. */
  interface Locator {
    Location locate(InetAddress address) throws IOException;
  }

  private static final int UNKNOWN = ~0;
  private static final int UNSET = Integer.MIN_VALUE;
  private static final byte IN_PROGRESS = (byte) 0xFF;
  private static final int MAX_VALUES = 1 << 23;
  private static final byte[] IPV4_MAPPED = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0
  };

  private final SearchTree tree;
  private final Locator locator;
  private final Function<Location, T> outcome;

  private int[] children;
  private int size;

  /** Per database node: 0 unvisited, {@link #IN_PROGRESS}, else 1 + height of its subtree. */
  private final byte[] height;

  private final byte[] path4 = new byte[4];
  private final byte[] path16 = new byte[16];

  private final Map<Long, Integer> pointerValues = new HashMap<>();
  private final Map<Location, Integer> locationValues = new HashMap<>();
  private final Map<T, Integer> valueIndexes = new HashMap<>();
  private final List<T> values = new ArrayList<>();

  private TrieCompiler(SearchTree tree, Locator locator, Function<Location, T> outcome) {
    this.tree = tree;
    this.locator = locator;
    this.outcome = outcome;
    this.size = tree.nodeCount();
    this.children = new int[2 * (size + 256)];
    this.height = new byte[size];
  }

  static <T> PrefixMap<T> compile(SearchTree tree, Locator locator, Function<Location, T> outcome)
      throws IOException {
    return new TrieCompiler<>(tree, locator, outcome).run();
  }

  private PrefixMap<T> run() throws IOException {
    if (indexOf(Location.UNKNOWN) != 0) {
      throw new AssertionError("the unknown outcome must have index 0");
    }
    int root4 = translate(tree.ipv4Start(), 0, 32);
    int root6 = tree.ipVersion() == 6 ? translate(0, 0, 128) : UNKNOWN;
    root6 = graft(root6, IPV4_MAPPED, 96, 0, root4);

    int[] merged = new int[size];
    Arrays.fill(merged, UNSET);
    root4 = merge(root4, merged);
    root6 = merge(root6, merged);

    return compact(root4, root6);
  }

  // ---- translate ----------------------------------------------------------------------------

  private int translate(long record, int depth, int bits) throws IOException {
    int nodeCount = tree.nodeCount();
    if (record == nodeCount) {
      return UNKNOWN;
    }
    if (record > nodeCount) {
      return ~valueFor(record, depth, bits);
    }
    int node = (int) record;
    int h = height[node] & 0xFF;
    if (h == (IN_PROGRESS & 0xFF)) {
      throw new IOException("search tree has a cycle at node " + node);
    }
    if (h != 0) {
      if (depth + h - 1 > bits) {
        throw new IOException("search tree is deeper than " + bits + " bits at node " + node);
      }
      return node;
    }
    if (depth >= bits) {
      throw new IOException("search tree is deeper than " + bits + " bits at node " + node);
    }
    height[node] = IN_PROGRESS;
    byte[] path = bits == 32 ? path4 : path16;
    int left = translate(tree.record(node, 0), depth + 1, bits);
    path[depth >>> 3] |= (byte) (0x80 >>> (depth & 7));
    int right = translate(tree.record(node, 1), depth + 1, bits);
    path[depth >>> 3] &= (byte) ~(0x80 >>> (depth & 7));
    children[2 * node] = left;
    children[2 * node + 1] = right;
    height[node] = (byte) (2 + Math.max(heightOf(left), heightOf(right)));
    return node;
  }

  private int heightOf(int code) {
    return code < 0 ? 0 : (height[code] & 0xFF) - 1;
  }

  /** Outcome index for a data record, decoding it through the network the walk is at. */
  private int valueFor(long pointer, int depth, int bits) throws IOException {
    Integer known = pointerValues.get(pointer);
    if (known != null) {
      return known;
    }
    // The path holds the network address: bits below depth are zero. Inet6Address keeps an
    // IPv4-mapped network in IPv6 form, so the reader walks the same path we did.
    InetAddress network =
        bits == 32
            ? InetAddress.getByAddress(path4.clone())
            : Inet6Address.getByAddress(null, path16.clone(), -1);
    Location location;
    try {
      location = locator.locate(network);
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "cannot decode the record of "
              + network.getHostAddress()
              + "/"
              + depth
              + ": "
              + e.getMessage(),
          e);
    }
    int index = indexOf(location);
    pointerValues.put(pointer, index);
    return index;
  }

  private int indexOf(Location location) {
    Integer known = locationValues.get(location);
    if (known != null) {
      return known;
    }
    T value = outcome.apply(location);
    Integer index = valueIndexes.get(value);
    if (index == null) {
      if (values.size() == MAX_VALUES) {
        throw new IllegalStateException("more than " + MAX_VALUES + " distinct outcomes");
      }
      index = values.size();
      values.add(value);
      valueIndexes.put(value, index);
    }
    locationValues.put(location, index);
    return index;
  }

  // ---- graft, merge, compact ----------------------------------------------------------------

  /**
   * Points {@code prefix/length} below {@code code} at {@code target}, copying the nodes on the
   * way.
   */
  private int graft(int code, byte[] prefix, int length, int depth, int target) {
    if (depth == length) {
      return target;
    }
    int node = newNode();
    children[2 * node] = code < 0 ? code : children[2 * code];
    children[2 * node + 1] = code < 0 ? code : children[2 * code + 1];
    int bit = (prefix[depth >>> 3] >>> (7 - (depth & 7))) & 1;
    int child = graft(children[2 * node + bit], prefix, length, depth + 1, target);
    children[2 * node + bit] = child;
    return node;
  }

  private int newNode() {
    if (2 * (size + 1) > children.length) {
      children = Arrays.copyOf(children, children.length + 512);
    }
    return size++;
  }

  /**
   * Bottom-up: a node whose children are equal leaves becomes that leaf. Memoised: the tree is a
   * DAG.
   */
  private int merge(int code, int[] merged) {
    if (code < 0) {
      return code;
    }
    int done = merged[code];
    if (done != UNSET) {
      return done;
    }
    int left = merge(children[2 * code], merged);
    int right = merge(children[2 * code + 1], merged);
    children[2 * code] = left;
    children[2 * code + 1] = right;
    int result = left < 0 && left == right ? left : code;
    merged[code] = result;
    return result;
  }

  private PrefixMap<T> compact(int root4, int root6) {
    int[] remap = new int[size];
    Arrays.fill(remap, -1);
    int[] out = new int[children.length];
    int[] next = {0};
    int newRoot4 = place(root4, remap, out, next);
    int newRoot6 = place(root6, remap, out, next);
    return new PrefixMap<>(Arrays.copyOf(out, 2 * next[0]), values.toArray(), newRoot4, newRoot6);
  }

  private int place(int code, int[] remap, int[] out, int[] next) {
    if (code < 0) {
      return code;
    }
    if (remap[code] >= 0) {
      return remap[code];
    }
    int node = next[0]++;
    remap[code] = node;
    int left = place(children[2 * code], remap, out, next);
    int right = place(children[2 * code + 1], remap, out, next);
    out[2 * node] = left;
    out[2 * node + 1] = right;
    return node;
  }
}
