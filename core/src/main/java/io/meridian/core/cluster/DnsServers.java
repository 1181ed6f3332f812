package io.meridian.core.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the cluster's DNS servers answer: each DNS role registers its bound addresses under its
 * member's id as {@link SharedEntries} (refreshed well within {@link #TTL_MILLIS}, so a dead server
 * drops out), so drills can ask every server over the wire.
 */
public final class DnsServers {

  public static final String MAP = "meridian.dns.servers";

  /** A registration not refreshed for this long is gone. */
  public static final long TTL_MILLIS = 30_000;

  private final SharedEntries<String> map;
  private final String member;

  public DnsServers(HazelcastInstance hazelcast) {
    this.map = new SharedEntries<>(hazelcast, MAP, String.class, TTL_MILLIS);
    this.member = hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  /** Registers this member's addresses ({@code host:port}, IPv6 in brackets). */
  public void register(List<InetSocketAddress> addresses) {
    List<String> text = new ArrayList<>();
    for (InetSocketAddress a : addresses) {
      String host = a.getAddress().getHostAddress();
      text.add((host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort());
    }
    map.put(member, String.join(",", text));
  }

  public void unregister() {
    map.remove(member);
  }

  /** One address of every registered DNS server (the first it listens on). */
  public List<InetSocketAddress> all() {
    List<InetSocketAddress> out = new ArrayList<>();
    map.now().values().forEach(v -> {
      String first = v.split(",")[0];
      int colon = first.lastIndexOf(':');
      String host = first.substring(0, colon).replace("[", "").replace("]", "");
      out.add(new InetSocketAddress(host, Integer.parseInt(first.substring(colon + 1))));
    });
    return out;
  }
}
