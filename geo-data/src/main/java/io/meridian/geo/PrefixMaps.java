package io.meridian.geo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link PrefixMap} from explicit networks ({@code 10.0.0.0/8 -> office}) with
 * longest-prefix-match semantics: an address takes the value of the most specific network that
 * holds it, or {@code otherwise}. Siblings with equal values are merged as in a compiled geo
 * database, so scopes are as wide as the networks allow.
 */
public final class PrefixMaps {

  private PrefixMaps() {}

  /** A network: address bytes (4 or 16) and prefix length, host bits ignored. */
  public record Network(byte[] address, int prefixLength) {
    public Network {
      if (address.length != 4 && address.length != 16) {
        throw new IllegalArgumentException("address must be 4 or 16 bytes");
      }
      if (prefixLength < 0 || prefixLength > address.length * 8) {
        throw new IllegalArgumentException("prefix length " + prefixLength + " out of range");
      }
      address = address.clone();
    }

    /** Equal when the same network: same family, length and address bytes. */
    @Override
    public boolean equals(Object other) {
      return other instanceof Network n
          && n.prefixLength == prefixLength
          && java.util.Arrays.equals(n.address, address);
    }

    @Override
    public int hashCode() {
      return 31 * java.util.Arrays.hashCode(address) + prefixLength;
    }

    @Override
    public String toString() {
      try {
        return java.net.InetAddress.getByAddress(address).getHostAddress() + "/" + prefixLength;
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Networks given twice keep the last value. */
  public static <T> PrefixMap<T> of(Map<Network, T> networks, T otherwise) {
    Node root4 = new Node();
    Node root6 = new Node();
    networks.forEach(
        (network, value) -> {
          Node node = network.address().length == 4 ? root4 : root6;
          for (int depth = 0; depth < network.prefixLength(); depth++) {
            int bit = (network.address()[depth >>> 3] >>> (7 - (depth & 7))) & 1;
            if (node.child[bit] == null) {
              node.child[bit] = new Node();
            }
            node = node.child[bit];
          }
          node.value = value;
          node.hasValue = true;
        });
    Builder<T> builder = new Builder<>(otherwise);
    int r4 = builder.emit(root4, otherwise);
    int r6 = builder.emit(root6, otherwise);
    return builder.finish(r4, r6);
  }

  private static final class Node {
    final Node[] child = new Node[2];
    Object value;
    boolean hasValue;
  }

  /** Emits nodes into flat arrays; a code {@code >= 0} is a node, {@code ~i} a leaf of value i. */
  private static final class Builder<T> {
    private final List<Object> values = new ArrayList<>();
    private final Map<Object, Integer> indexes = new HashMap<>();
    private int[] children = new int[64];
    private int nodes;

    Builder(T otherwise) {
      leaf(otherwise);
    }

    private int leaf(Object value) {
      Integer index = indexes.get(value == null ? Builder.class : value);
      if (index == null) {
        index = values.size();
        values.add(value);
        indexes.put(value == null ? Builder.class : value, index);
      }
      return ~index;
    }

    int emit(Node node, Object inherited) {
      Object own = node != null && node.hasValue ? node.value : inherited;
      if (node == null || (node.child[0] == null && node.child[1] == null)) {
        return leaf(own);
      }
      int left = emit(node.child[0], own);
      int right = emit(node.child[1], own);
      if (left < 0 && left == right) {
        return left; // both halves answer the same: one leaf covers the whole prefix
      }
      if (2 * nodes + 2 > children.length) {
        children = java.util.Arrays.copyOf(children, children.length * 2);
      }
      int index = nodes++;
      children[2 * index] = left;
      children[2 * index + 1] = right;
      return index;
    }

    /** A root may itself be a leaf: then the value holds for every address, with scope 0. */
    PrefixMap<T> finish(int root4, int root6) {
      return new PrefixMap<>(
          java.util.Arrays.copyOf(children, 2 * nodes), values.toArray(), root4, root6);
    }
  }
}
