package io.meridian.balancer.lb;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A hash ring (Karger et al.; Envoy's {@code ring_hash}): each candidate owns points at {@code
 * hash64(identity + "#" + i)}, a key belongs to the first point clockwise from its hash. Points
 * depend only on the candidate's own identity, so removing one candidate hands its arcs to the
 * neighbours and leaves every other key where it was. Sorted arrays and a binary search: O(log
 * points) per pick, no lock, no allocation.
 */
final class RingHashLoadBalancer<T, C> implements LoadBalancer<T, C> {

  private final long[] points;
  private final Object[] owners;
  private final ToLongFunction<C> keyHash;

  RingHashLoadBalancer(
      List<T> candidates,
      Function<T, String> identity,
      ToDoubleFunction<T> weight,
      int pointsPerWeight,
      ToLongFunction<C> keyHash) {
    if (pointsPerWeight < 1) {
      throw new IllegalArgumentException("pointsPerWeight must be at least 1: " + pointsPerWeight);
    }
    this.keyHash = keyHash;
    int total = 0;
    int[] counts = new int[candidates.size()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = Math.max(1, (int) Math.round(pointsPerWeight * weight.applyAsDouble(candidates.get(i))));
      total += counts[i];
    }
    long[][] pairs = new long[total][];
    int at = 0;
    for (int i = 0; i < counts.length; i++) {
      String name = identity.apply(candidates.get(i));
      for (int p = 0; p < counts[i]; p++) {
        pairs[at++] = new long[] {Hashing.hash64(name + "#" + p), i};
      }
    }
    // unsigned order so the ring wraps at 2^64; ties (astronomically rare) by candidate index
    Arrays.sort(
        pairs,
        (x, y) -> {
          int c = Long.compareUnsigned(x[0], y[0]);
          return c != 0 ? c : Long.compare(x[1], y[1]);
        });
    points = new long[total];
    owners = new Object[total];
    for (int i = 0; i < total; i++) {
      points[i] = pairs[i][0];
      owners[i] = candidates.get((int) pairs[i][1]);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public T pick(C context) {
    long hash = keyHash.applyAsLong(context);
    int low = 0;
    int high = points.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (Long.compareUnsigned(points[mid], hash) < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return (T) owners[low == points.length ? 0 : low];
  }
}
