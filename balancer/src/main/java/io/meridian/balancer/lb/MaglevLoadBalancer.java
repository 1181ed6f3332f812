package io.meridian.balancer.lb;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Maglev consistent hashing (Eisenbud et al., NSDI 2016; Envoy's {@code maglev}): a lookup table
 * of a prime size M in which every slot names a candidate; a key goes to {@code table[hash mod M]},
 * one array read per pick.
 *
 * <p>The table is filled from per-candidate permutations of the slots: candidate i prefers slots
 * {@code (offset_i + j * skip_i) mod M} for j = 0, 1, 2, ..., with {@code offset} and {@code skip}
 * taken from the hash of its identity only (M prime and {@code 1 <= skip < M} make each a full
 * permutation). In rounds, each candidate takes its next preferred slot that is still free, until
 * the table is full. Weights are honoured as Envoy does: per round a candidate earns {@code weight
 * / max weight} of a turn and takes a slot for each whole turn earned, so the shares of the table
 * follow the weights (exactly, up to one slot per candidate).
 *
 * <p>Compared with the ring ({@link RingHashLoadBalancer}): an even spread with no tuning of point
 * counts and O(1) picks, at the price of a slightly larger disruption when a candidate leaves
 * (other candidates' slots can shift too, a few percent of keys beyond the 1/N that must move).
 * Building costs O(M log M) and M references; it happens only when the candidate set changes.
 */
final class MaglevLoadBalancer<T, C> implements LoadBalancer<T, C> {

  private final Object[] table;
  private final ToLongFunction<C> keyHash;

  MaglevLoadBalancer(
      List<T> candidates,
      Function<T, String> identity,
      ToDoubleFunction<T> weight,
      int tableSize,
      ToLongFunction<C> keyHash) {
    if (!isPrime(tableSize) || tableSize < candidates.size()) {
      throw new IllegalArgumentException(
          "table size must be a prime of at least the candidate count: " + tableSize);
    }
    this.keyHash = keyHash;
    int n = candidates.size();
    long[] offset = new long[n];
    long[] skip = new long[n];
    long[] next = new long[n];
    double[] share = new double[n];
    double[] credit = new double[n];
    double max = 0;
    for (int i = 0; i < n; i++) {
      long h = Hashing.hash64(identity.apply(candidates.get(i)));
      offset[i] = Long.remainderUnsigned(h, tableSize);
      skip[i] = Long.remainderUnsigned(Hashing.mix(h ^ 0x9e3779b97f4a7c15L), tableSize - 1) + 1;
      share[i] = Math.max(0, weight.applyAsDouble(candidates.get(i)));
      max = Math.max(max, share[i]);
    }
    table = new Object[tableSize];
    int filled = 0;
    while (filled < tableSize) {
      for (int i = 0; i < n && filled < tableSize; i++) {
        // all weights 0 (not expected: the caller filters them) counts as all equal
        credit[i] += max > 0 ? share[i] / max : 1;
        while (credit[i] >= 1 && filled < tableSize) {
          credit[i] -= 1;
          int slot = nextFree(offset[i], skip[i], next, i, tableSize);
          table[slot] = candidates.get(i);
          filled++;
        }
      }
    }
  }

  private int nextFree(long offset, long skip, long[] next, int i, int size) {
    while (true) {
      int slot = (int) ((offset + next[i] * skip) % size);
      next[i]++;
      if (table[slot] == null) {
        return slot;
      }
    }
  }

  static boolean isPrime(int n) {
    if (n < 2) {
      return false;
    }
    for (int d = 2; (long) d * d <= n; d++) {
      if (n % d == 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T pick(C context) {
    return (T) table[(int) Long.remainderUnsigned(keyHash.applyAsLong(context), table.length)];
  }
}
