package io.meridian.core.config;

import java.time.Duration;
import java.util.List;

/**
 * How this process joins the Hazelcast cluster that every role is a member of. Read at start;
 * changing it takes a restart.
 *
 * @param name the cluster name; members with another name never join
 * @param host the interface this member binds and announces
 * @param port the first port tried
 * @param portCount how many ports from {@code port} on are tried, so several members share a host
 * @param members TCP/IP join addresses ({@code host}, {@code host:port}, {@code host:port-port});
 *     empty: a standalone member that joins nobody (multicast is never used)
 * @param failureTimeout how long a silent member stays in the cluster
 */
public record ClusterConfig(
    String name,
    String host,
    int port,
    int portCount,
    List<String> members,
    Duration failureTimeout) {

  public static final ClusterConfig STANDALONE =
      new ClusterConfig("meridian", "127.0.0.1", 5701, 100, List.of(), Duration.ofSeconds(10));

  public ClusterConfig {
    members = List.copyOf(members);
  }

  public boolean standalone() {
    return members.isEmpty();
  }
}
