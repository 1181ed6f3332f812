package io.meridian.core.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The balancers' shared state: each balancer's {@link BalancerLoad} as {@link SharedEntries} (key
 * {@code region/name}, gone when it stops reporting), and drills' {@link Refusal}s in a
 * replicated map of JSON text (key: region, expiring a minute after they lapse).
 */
public final class SharedBalancers {

  public static final String LOADS = "meridian.balancers.loads";
  public static final String REFUSALS = "meridian.balancers.refusals";

  /** A load not refreshed for this long is gone: its balancer stopped. */
  public static final long LOAD_TTL_MILLIS = 5_000;

  private final SharedEntries<BalancerLoad> loads;
  private final ReplicatedMap<String, String> refusals;

  public SharedBalancers(HazelcastInstance hazelcast) {
    this.loads = new SharedEntries<>(hazelcast, LOADS, BalancerLoad.class, LOAD_TTL_MILLIS);
    this.refusals = hazelcast.getReplicatedMap(REFUSALS);
  }

  public void publish(BalancerLoad load) {
    loads.put(load.key(), load);
  }

  /** A balancer stopped: its load leaves the cluster now, not when it expires. */
  public void withdraw(String region, String name) {
    loads.remove(BalancerLoad.key(region, name));
  }

  /** Every balancer's last load, by {@code region/name}. */
  public Map<String, BalancerLoad> loads() {
    return new TreeMap<>(loads.now());
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

  /** Keeps this member's view of the loads current from now on, for {@link #loads}. */
  public void followLoads() {
    loads.follow();
  }

  /** Reads the loads again (after a split healed). */
  public void replayLoads() {
    loads.replay();
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
