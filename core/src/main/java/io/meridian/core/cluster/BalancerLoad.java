package io.meridian.core.cluster;

import static java.util.Objects.requireNonNull;

/**
 * What one L7 balancer says of itself to the cluster, about once a second: how loaded it is, over
 * its last 10 s, and whether a drill has it refusing traffic. Drills read it (where traffic goes,
 * headroom), and so will DNS policies that spill over by headroom.
 *
 * @param region the region it serves
 * @param name unique within the region
 * @param capacityPerSecond the requests per second it is sized for (configured; 0 = unknown)
 * @param activeConnections client connections open now
 * @param requestsPerSecond requests answered per second
 * @param p99Millis 99th percentile of request latency
 * @param errorRatio share of answers that were 5xx, failed or refused
 * @param refusing whether it refuses all traffic now (a drill in {@code fail} mode)
 * @param atEpochMillis when it was measured
 */
public record BalancerLoad(
    String region,
    String name,
    double capacityPerSecond,
    int activeConnections,
    double requestsPerSecond,
    double p99Millis,
    double errorRatio,
    boolean refusing,
    long atEpochMillis) {

  public BalancerLoad {
    requireNonNull(region, "region");
    requireNonNull(name, "name");
  }

  /** The key in the cluster: {@code region/name}. */
  public String key() {
    return key(region, name);
  }

  /** The key of balancer {@code name} in {@code region}: {@code region/name}. */
  public static String key(String region, String name) {
    return region + "/" + name;
  }
}
