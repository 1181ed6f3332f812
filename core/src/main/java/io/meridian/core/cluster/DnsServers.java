package io.meridian.core.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the cluster's DNS servers answer: each DNS role registers its bound addresses under its
 * member's id (refreshed with a time to live, so a dead server drops out), so drills can ask every
 * server over the wire.
 */
public final class DnsServers {

  public static final String MAP = "meridian.dns.servers";

  private final ReplicatedMap<String, String> map;
  private final String member;

  public DnsServers(HazelcastInstance hazelcast) {
    this.map = hazelcast.getReplicatedMap(MAP);
    this.member = hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  /** Registers this member's addresses ({@code host:port}, IPv6 in brackets) for {@code ttl}. */
  public void register(List<InetSocketAddress> addresses, long ttlMillis) {
    List<String> text = new ArrayList<>();
    for (InetSocketAddress a : addresses) {
      String host = a.getAddress().getHostAddress();
      text.add((host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort());
    }
    map.put(member, String.join(",", text), ttlMillis, TimeUnit.MILLISECONDS);
  }

  public void unregister() {
    map.remove(member);
  }

  /** One address of every registered DNS server (the first it listens on). */
  public List<InetSocketAddress> all() {
    List<InetSocketAddress> out = new ArrayList<>();
    map.values().forEach(v -> {
      String first = v.split(",")[0];
      int colon = first.lastIndexOf(':');
      String host = first.substring(0, colon).replace("[", "").replace("]", "");
      out.add(new InetSocketAddress(host, Integer.parseInt(first.substring(colon + 1))));
    });
    return out;
  }
}
