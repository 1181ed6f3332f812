package io.meridian.core.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.ReplicatedMapConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.merge.LatestUpdateMergePolicy;
import io.meridian.core.config.ClusterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts this process's Hazelcast member. Every role is a member of one cluster; a standalone
 * config (no {@code members}) makes a member that joins nobody, and multicast is never used.
 * Nothing here phones home, installs a shutdown hook (the roles close the member themselves) or
 * logs through anything but java.util.logging.
 */
public final class ClusterMember {

  private ClusterMember() {}

  /**
   * @param role what this process does ({@code up}, {@code dns}, {@code agent}), a member attribute
   */
  public static HazelcastInstance start(ClusterConfig cluster, String role) {
    return Hazelcast.newHazelcastInstance(config(cluster, role));
  }


  static Config config(ClusterConfig cluster, String role) {
    Config config = new Config();
    config.setClusterName(cluster.name());
    config.getMemberAttributeConfig().setAttribute("meridian.role", role);
    long failureSeconds = Math.max(2, cluster.failureTimeout().toSeconds());
    Map.of(
            "hazelcast.phone.home.enabled", "false",
            "hazelcast.logging.type", "jdk",
            "hazelcast.shutdownhook.enabled", "false",
            "hazelcast.heartbeat.interval.seconds", "1",
            "hazelcast.max.no.heartbeat.seconds", Long.toString(failureSeconds),
            "hazelcast.wait.seconds.before.join", "0",
            "hazelcast.merge.first.run.delay.seconds", Long.toString(failureSeconds),
            "hazelcast.merge.next.run.delay.seconds", Long.toString(failureSeconds),
            // every Nth event to a member goes as an operation its sender waits for (up to 5 s):
            // a frozen member would stall a topic's publisher once in a while (SharedEntries)
            "hazelcast.event.sync.frequency", Integer.toString(Integer.MAX_VALUE))
        .forEach(config::setProperty);
    config.getMetricsConfig().setEnabled(false);
    config.getJetConfig().setEnabled(false);
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(true).setPortCount(cluster.portCount());
    network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    network.setPublicAddress(null);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(!cluster.standalone()).setMembers(expand(cluster.members()));
    // after a split heals, the newer of two versions of an entry wins. A joiner's copy of a
    // replicated map fills in the background (synchronous fill-up blocked getReplicatedMap for
    // minutes in CI): SharedEntries' followers replay the map for what came without events.
    MergePolicyConfig newest =
        new MergePolicyConfig().setPolicy(LatestUpdateMergePolicy.class.getName());
    config.addReplicatedMapConfig(
        new ReplicatedMapConfig("meridian.*").setMergePolicyConfig(newest));
    config.addMapConfig(
        new MapConfig(SharedConfig.MAP).setPerEntryStatsEnabled(true).setMergePolicyConfig(newest));
    return config;
  }

  /** {@code host:5701-5703} as Hazelcast wants it: one address per port. */
  static List<String> expand(List<String> members) {
    List<String> out = new ArrayList<>();
    for (String m : members) {
      int colon = m.lastIndexOf(':');
      int dash = m.lastIndexOf('-');
      if (colon < 0 || dash < colon || m.endsWith("]")) {
        out.add(m);
        continue;
      }
      String host = m.substring(0, colon);
      int from = Integer.parseInt(m.substring(colon + 1, dash));
      int to = Integer.parseInt(m.substring(dash + 1));
      for (int port = from; port <= to; port++) {
        out.add(host + ":" + port);
      }
    }
    return out;
  }
}
