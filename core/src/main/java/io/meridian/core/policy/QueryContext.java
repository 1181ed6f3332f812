package io.meridian.core.policy;

import io.meridian.core.health.HealthView;
import java.util.random.RandomGenerator;

/**
 * One query's view of the world: the client (ECS subnet or source address), the health view taken
 * once at the start of the query, a random source, and the ECS scope the steps consulted. Not
 * thread-safe: one per query.
 */
public final class QueryContext {

  private final byte[] client;
  private final int sourcePrefix;
  private final HealthView health;
  private final RandomGenerator random;
  private final Trace trace;
  private final Endpoint.AddressFamily family;
  private final Decision[] decided;
  private int scope;

  /**
   * @param client the client address, 4 or 16 bytes, bits beyond {@code sourcePrefix} zero
   * @param sourcePrefix how many leading bits of {@code client} are known (ECS source prefix, or
   *     the full length for a source address)
   * @param trace where to record steps, or null on the query path
   * @param policyCount how many policies the snapshot has (their ids are below it)
   */
  public QueryContext(
      byte[] client,
      int sourcePrefix,
      Endpoint.AddressFamily family,
      HealthView health,
      RandomGenerator random,
      Trace trace,
      int policyCount) {
    this.client = client;
    this.sourcePrefix = sourcePrefix;
    this.family = family;
    this.health = health;
    this.random = random;
    this.trace = trace;
    this.decided = new Decision[policyCount];
  }

  public byte[] client() {
    return client;
  }

  public int sourcePrefix() {
    return sourcePrefix;
  }

  Endpoint.AddressFamily family() {
    return family;
  }

  HealthView health() {
    return health;
  }

  RandomGenerator random() {
    return random;
  }

  Trace trace() {
    return trace;
  }

  /**
   * The value {@code map} holds for this client; records how many leading bits of the client
   * address decided it, which widens the answer's ECS scope.
   */
  public <T> T locate(io.meridian.geo.PrefixMap<T> map) {
    int match = map.match(client, sourcePrefix);
    consulted(io.meridian.geo.PrefixMap.scope(match));
    return map.value(match);
  }

  /** A step decided using the first {@code prefixLength} bits of the client address. */
  void consulted(int prefixLength) {
    scope = Math.max(scope, prefixLength);
  }

  /** The ECS scope prefix for the reply: 0 when the answer does not depend on the client. */
  public int scope() {
    return scope;
  }

  /** Whether a target may be answered with; a nested policy is asked (once per query). */
  boolean healthy(Target target) {
    if (target.endpoint() != null) {
      return target.endpoint().enabled() && health.isUp(target.endpoint().id());
    }
    return decide(target.policy()).healthy();
  }

  /** Whether an operator drained the target's endpoint: never answered, not even failing open. */
  boolean drained(Target target) {
    return target.endpoint() != null && health.isDrained(target.endpoint().id());
  }

  /** Evaluates {@code policy} once per query; nested policies are asked for health and answers. */
  public Decision decide(Policy policy) {
    Decision decision = decided[policy.id()];
    if (decision == null) {
      decision = policy.evaluate(this);
      decided[policy.id()] = decision;
    }
    return decision;
  }
}
