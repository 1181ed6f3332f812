package io.meridian.balancer.lb;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import java.util.random.RandomGenerator;

/**
 * Chooses one candidate for a request (Armeria's {@code LoadBalancer<T, C>}, Envoy's {@code
 * chooseHost}). An instance is built for one fixed, non-empty candidate list and is thrown away
 * when the list changes (a target joins, leaves, is ejected or changes weight): the owner rebuilds
 * it through one of the static factories below, so implementations never see a list mutate under
 * them. All implementations are safe to call from several event loops at once.
 *
 * <p>Implementations must assume the context carries nothing useful and still pick sensibly
 * (Envoy: "assume that context information is missing and use sensible defaults").
 *
 * @param <T> the candidate, e.g. a target
 * @param <C> what a pick may look at, e.g. the request's hash key
 */
public interface LoadBalancer<T, C> {

  /** The chosen candidate; never null because the candidate list is never empty. */
  T pick(C context);

  /** Each candidate in turn, ignoring weights; starts at {@code start} modulo the size. */
  static <T, C> LoadBalancer<T, C> roundRobin(List<T> candidates, int start) {
    return new RoundRobinLoadBalancer<>(nonEmpty(candidates), start);
  }

  /**
   * Smooth weighted round robin on earliest-deadline-first scheduling: each candidate is due every
   * {@code 1 / weight}, so over any window the picks follow the weights and heavy candidates are
   * interleaved with light ones instead of coming in bursts. Equal weights take an O(1) index path.
   * {@code random} only chooses where in the cycle this instance starts, so a fleet of balancers
   * rebuilt at the same moment does not hit the same target first (Envoy's {@code seed_}).
   */
  static <T, C> LoadBalancer<T, C> weightedRoundRobin(
      List<T> candidates, ToDoubleFunction<T> weight, RandomGenerator random) {
    return EdfLoadBalancer.create(nonEmpty(candidates), weight, random);
  }

  /** Random, in proportion to the weights. */
  static <T, C> LoadBalancer<T, C> weightedRandom(
      List<T> candidates, ToDoubleFunction<T> weight, RandomGenerator random) {
    return new WeightedRandomLoadBalancer<>(nonEmpty(candidates), weight, random);
  }

  /**
   * The candidate with the fewest requests in flight relative to its weight ({@code (active + 1) /
   * weight}); ties go round robin so equal candidates share the load.
   */
  static <T, C> LoadBalancer<T, C> leastConnections(
      List<T> candidates, ToIntFunction<T> active, ToDoubleFunction<T> weight) {
    return new ScoringLoadBalancer<>(
        nonEmpty(candidates), t -> (active.applyAsInt(t) + 1) / weight.applyAsDouble(t));
  }

  /**
   * The candidate with the lowest expected wait: its response-time EWMA times its requests in
   * flight plus one, over its weight (Finagle's peak-EWMA idea, without the peak). A candidate
   * with no measurement yet counts as instant, so new targets get tried.
   */
  static <T, C> LoadBalancer<T, C> leastResponseTime(
      List<T> candidates,
      ToDoubleFunction<T> latencyEwma,
      ToIntFunction<T> active,
      ToDoubleFunction<T> weight) {
    return new ScoringLoadBalancer<>(
        nonEmpty(candidates),
        t -> {
          double latency = latencyEwma.applyAsDouble(t);
          double known = Double.isNaN(latency) ? 0 : latency;
          return known * (active.applyAsInt(t) + 1) / weight.applyAsDouble(t);
        });
  }

  /**
   * Two distinct candidates at random, the one with fewer requests in flight per weight wins (the
   * "power of two choices": nearly least-connections quality without scanning every candidate).
   */
  static <T, C> LoadBalancer<T, C> powerOfTwo(
      List<T> candidates,
      ToIntFunction<T> active,
      ToDoubleFunction<T> weight,
      RandomGenerator random) {
    return new PowerOfTwoLoadBalancer<>(nonEmpty(candidates), active, weight, random);
  }

  /**
   * Consistent hashing on a ring of {@code pointsPerWeight * weight} points per candidate: a key
   * goes to the first point at or after its hash. Removing one of N candidates moves only the keys
   * that were on it (about 1/N); the others stay where they were.
   *
   * @param identity a stable name per candidate; its points depend only on it, not on the others
   * @param keyHash the request's key, already hashed ({@link Hashing#hash64})
   */
  static <T, C> LoadBalancer<T, C> ringHash(
      List<T> candidates,
      java.util.function.Function<T, String> identity,
      ToDoubleFunction<T> weight,
      int pointsPerWeight,
      ToLongFunction<C> keyHash) {
    return new RingHashLoadBalancer<>(
        nonEmpty(candidates), identity, weight, pointsPerWeight, keyHash);
  }

  /**
   * Maglev hashing: a lookup table of {@code tableSize} slots (a prime, at least the number of
   * candidates; 65537 is a good default) shared out by weight; a key goes to
   * the slot of its hash. O(1) picks, an even spread, and removing one of N candidates moves
   * little more than its own keys (about 1/N).
   *
   * @param identity a stable name per candidate; its preferred slots depend only on it
   * @param keyHash the request's key, already hashed ({@link Hashing#hash64})
   */
  static <T, C> LoadBalancer<T, C> maglev(
      List<T> candidates,
      java.util.function.Function<T, String> identity,
      ToDoubleFunction<T> weight,
      int tableSize,
      ToLongFunction<C> keyHash) {
    return new MaglevLoadBalancer<>(nonEmpty(candidates), identity, weight, tableSize, keyHash);
  }

  /** Whether {@code n} is a prime (the Maglev table size must be). */
  static boolean isPrime(int n) {
    return MaglevLoadBalancer.isPrime(n);
  }

  private static <T> List<T> nonEmpty(List<T> candidates) {
    requireNonNull(candidates, "candidates");
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("a load balancer needs at least one candidate");
    }
    return List.copyOf(candidates);
  }
}
