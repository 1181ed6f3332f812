package io.meridian.core.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The balancers' shared state, in two replicated maps of JSON text like {@link SharedHealth}'s:
 * each balancer's {@link BalancerLoad} (key {@code region/name}, expiring when it stops reporting),
 * and drills' {@link Refusal}s (key: region, expiring a minute after they lapse).
 */
public final class SharedBalancers {

  public static final String LOADS = "meridian.balancers.loads";
  public static final String REFUSALS = "meridian.balancers.refusals";
  static final List<String> MAPS = List.of(LOADS, REFUSALS);

  /** A load not refreshed for this long is gone: its balancer stopped. */
  public static final long LOAD_TTL_MILLIS = 5_000;

  private final ReplicatedMap<String, String> loads;
  private final ReplicatedMap<String, String> refusals;

  public SharedBalancers(HazelcastInstance hazelcast) {
    this.loads = hazelcast.getReplicatedMap(LOADS);
    this.refusals = hazelcast.getReplicatedMap(REFUSALS);
  }

  public void publish(BalancerLoad load) {
    loads.put(load.key(), Json.write(load), LOAD_TTL_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** A balancer stopped: its load leaves the cluster now, not when it expires. */
  public void withdraw(String region, String name) {
    loads.remove(BalancerLoad.key(region, name));
  }

  /** Every balancer's last load, by {@code region/name}. */
  public Map<String, BalancerLoad> loads() {
    return read(loads, BalancerLoad.class);
  }

  public void refuse(Refusal refusal) {
    long ttl = Math.max(1, refusal.expiresAtEpochMillis() - System.currentTimeMillis() + 60_000);
    refusals.put(refusal.region(), Json.write(refusal), ttl, TimeUnit.MILLISECONDS);
  }

  public void lift(String region) {
    refusals.remove(region);
  }

  /** The refusals the cluster holds now, by region (some may have lapsed: see activeAt). */
  public Map<String, Refusal> refusals() {
    return read(refusals, Refusal.class);
  }

  /** Calls {@code listener} on every change of a balancer's load (value null: it went away). */
  public void listenLoads(BiConsumer<String, BalancerLoad> listener, Runnable resync) {
    loads.addEntryListener(new MapEvents<>(BalancerLoad.class, listener, resync));
  }

  private static <T> Map<String, T> read(ReplicatedMap<String, String> map, Class<T> type) {
    Map<String, T> out = new TreeMap<>();
    map.forEach(
        (k, v) -> {
          T value = Json.read(v, type);
          if (value != null) {
            out.put(k, value);
          }
        });
    return out;
  }
}
